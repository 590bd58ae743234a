import { Anchor, Card, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { formatPracticeTimeRange } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { caseClinicalPath } from "@/lib/work-paths";
import { useAppointment } from "../api/get-appointment";
import { useCase } from "../api/get-case";
import { NoteEditor } from "./NoteEditor";

type Note = components["schemas"]["NoteView"];

/** The session (or case) a note is about above the note itself. */
export function NoteFrame({ note }: { note: Note }) {
  const me = useMe();
  const zone = usePractice().data?.timezone;
  const appointment = useAppointment(note.appointment_id);
  const record = useCase(note.case_id);
  const names = new Map((record.data?.participants ?? []).map((p) => [p.person_id, p.display_name ?? "Participant"]));
  const participantName = (id: string) => names.get(id) ?? "Participant";

  if (!me.data || !zone) return <Loading label="Loading the note" />;
  const a = appointment.data;
  return (
    <Stack>
      <ProblemAlert error={appointment.error ?? record.error} />
      <Card withBorder>
        <Group justify="space-between">
          <div>
            <Text fw={600}>{a?.case_label ?? record.data?.title ?? "Case"}</Text>
            {a && (
              <Text size="sm" c="dimmed">
                {a.service_name ?? "Session"} · {formatPracticeTimeRange(a.starts_at, a.ends_at, zone)}
              </Text>
            )}
          </div>
          <Anchor component={Link} to={caseClinicalPath(note.case_id)} size="sm">Case clinical record</Anchor>
        </Group>
      </Card>
      <NoteEditor key={note.note_id} note={note} me={me.data} zone={zone} participantName={participantName} />
    </Stack>
  );
}
