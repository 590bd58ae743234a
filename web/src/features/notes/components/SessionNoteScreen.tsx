import { Button, Stack, Text } from "@mantine/core";
import { useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useMe } from "@/lib/queries/me";
import { useAppointment } from "../api/get-appointment";
import { useSessionNote } from "../api/get-session-note";
import { useStartSessionNote } from "../api/start-session-note";
import { NoteFrame } from "./NoteFrame";

/** The note of one appointment, opened from the schedule or from a missing-note task. */
export function SessionNoteScreen() {
  const { appointmentId = "" } = useParams();
  const me = useMe();
  const note = useSessionNote(appointmentId);
  const appointment = useAppointment(appointmentId);
  const start = useStartSessionNote(appointmentId);
  const mine = appointment.data && me.data && appointment.data.provider_id === me.data.staff_id;

  return (
    <Stack maw={860}>
      <PageTitle>Session note</PageTitle>
      <ProblemAlert error={note.error} />
      {note.isPending ? (
        <Loading label="Loading the session's note" />
      ) : note.data ? (
        <NoteFrame note={note.data} />
      ) : note.data === null ? (
        <Stack gap="xs" align="flex-start">
          <Text>{mine ? "This session has no note yet." : "The session's clinician has not started its note yet."}</Text>
          <ProblemAlert error={start.error ?? appointment.error} />
          {mine && <Button onClick={() => start.mutate()} loading={start.isPending}>Start the note</Button>}
        </Stack>
      ) : null}
    </Stack>
  );
}
