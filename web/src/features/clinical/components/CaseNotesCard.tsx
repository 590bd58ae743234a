import { Anchor, Badge, Button, Group, Menu, Paper, Table, Title } from "@mantine/core";
import { useNavigate } from "react-router";
import { Link } from "react-router";
import { noteKindLabel, noteStatus } from "@/components/notes/note-labels";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useStaffName } from "@/lib/queries/staff-directory";
import { notePath } from "@/lib/work-paths";
import { useCaseNotes } from "../api/get-case-notes";
import { useStartCaseNote } from "../api/start-case-note";

/** The case's notes, newest first; a session's note is opened from its appointment. */
export function CaseNotesCard({ caseId, zone, mayWrite }: { caseId: string; zone: string; mayWrite: boolean }) {
  const notes = useCaseNotes(caseId);
  const staffName = useStaffName();
  const start = useStartCaseNote(caseId);
  const navigate = useNavigate();
  const begin = (kind: "administrative" | "intake") =>
    start.mutate(kind, { onSuccess: (answer) => navigate(notePath(answer.id)) });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="case-notes-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="case-notes-heading">Notes</Title>
        {mayWrite && (
          <Menu>
            <Menu.Target><Button size="xs" variant="default" loading={start.isPending}>New note</Button></Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => begin("administrative")}>Administrative note</Menu.Item>
              <Menu.Item onClick={() => begin("intake")}>Intake / assessment note</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <ProblemAlert error={notes.error ?? start.error} />
      {notes.isPending ? <Loading label="Loading notes" /> : notes.data?.items.length ? (
        <Table aria-label="Case notes">
          <Table.Thead><Table.Tr><Table.Th>Note</Table.Th><Table.Th>Written by</Table.Th><Table.Th>Started</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {notes.data.items.map((n) => {
              const status = noteStatus(n.status);
              return (
                <Table.Tr key={n.note_id}>
                  <Table.Td><Anchor component={Link} to={notePath(n.note_id)}>{noteKindLabel(n.kind)}</Anchor></Table.Td>
                  <Table.Td>{staffName(n.author_id)}{n.cosigned_by && <> · co-signed by {staffName(n.cosigned_by)}</>}</Table.Td>
                  <Table.Td>{formatPracticeDateTime(n.started_at, zone)}</Table.Td>
                  <Table.Td><Badge variant="light" color={status.color}>{status.label}</Badge></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : <Empty>No notes yet.</Empty>}
    </Paper>
  );
}
