import { Anchor, Badge, Grid, Stack, Table, Text } from "@mantine/core";
import { Link, useParams } from "react-router";
import { noteKindLabel } from "@/components/notes/note-labels";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { useStaffName } from "@/lib/queries/staff-directory";
import { reviewQueuePath } from "@/lib/work-paths";
import { useReviewQueue } from "../api/get-review-queue";
import { ReviewPanel } from "./ReviewPanel";

/** The supervisor's queue: submitted notes waiting to be co-signed or returned. */
export function ReviewQueueScreen() {
  const { noteId } = useParams();
  const queue = useReviewQueue();
  const zone = usePractice().data?.timezone;
  const staffName = useStaffName();
  const items = queue.data?.items ?? [];

  return (
    <Stack>
      <PageTitle>Review queue</PageTitle>
      <ProblemAlert error={queue.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: noteId ? 5 : 12 }}>
          {queue.isPending || !zone ? (
            <Loading label="Loading notes to review" />
          ) : items.length === 0 ? (
            <Empty>No notes are waiting for your co-signature.</Empty>
          ) : (
            <Table aria-label="Notes waiting for review" highlightOnHover>
              <Table.Thead>
                <Table.Tr><Table.Th>Note</Table.Th><Table.Th>Written by</Table.Th><Table.Th>Submitted</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((n) => (
                  <Table.Tr key={n.note_id} aria-current={n.note_id === noteId ? "true" : undefined} style={n.note_id === noteId ? { boxShadow: "inset 4px 0 0 var(--mantine-color-blue-8)" } : undefined}>
                    <Table.Td>
                      <Anchor component={Link} to={reviewQueuePath(n.note_id)} fw={n.note_id === noteId ? 700 : undefined}>{noteKindLabel(n.kind)}</Anchor>
                      {n.submission > 1 && <Badge ml="xs" variant="light" color="orange">resubmitted</Badge>}
                    </Table.Td>
                    <Table.Td>{staffName(n.author_id)}</Table.Td>
                    <Table.Td><Text size="sm">{n.submitted_at ? formatPracticeDateTime(n.submitted_at, zone) : ""}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Grid.Col>
        {noteId && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <ReviewPanel key={noteId} noteId={noteId} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
