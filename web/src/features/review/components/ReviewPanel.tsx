import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { NoteText } from "@/components/notes/NoteText";
import { noteKindLabel } from "@/components/notes/note-labels";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { useStaffName } from "@/lib/queries/staff-directory";
import { reviewQueuePath } from "@/lib/work-paths";
import { useCase } from "../api/get-case";
import { useNote } from "../api/get-note";
import { useReviewNote } from "../api/review-note";

/** One submitted note, read in full, with the supervisor's two answers. */
export function ReviewPanel({ noteId }: { noteId: string }) {
  const note = useNote(noteId);
  const zone = usePractice().data?.timezone;
  const record = useCase(note.data?.case_id);
  const staffName = useStaffName();
  const navigate = useNavigate();
  const [comments, setComments] = useState("");
  const [returning, setReturning] = useState(false);
  const review = useReviewNote(noteId, note.data?.version ?? 0);
  const names = new Map((record.data?.participants ?? []).map((p) => [p.person_id, p.display_name ?? "Participant"]));

  if (note.isPending || !zone) return <Loading label="Loading the note" />;
  if (!note.data) return <ProblemAlert error={note.error} />;
  const n = note.data;
  const done = () => navigate(reviewQueuePath(), { replace: true, state: { reviewed: true } });

  return (
    <Card withBorder component="section" aria-labelledby="review-heading">
      <Stack>
        <div>
          <Title order={2} size="h4" id="review-heading">{noteKindLabel(n.kind)}</Title>
          <Text size="sm" c="dimmed">
            {record.data?.title ?? record.data?.participants.map((p) => p.display_name).join(" & ")} · written by {staffName(n.author_id)}
            {n.submitted_at && <>, submitted {formatPracticeDateTime(n.submitted_at, zone)}</>}
          </Text>
        </div>
        {n.status !== "submitted" ? (
          <Alert color="gray" title="Not waiting for review">This note is no longer waiting for your co-signature.</Alert>
        ) : null}
        <NoteText note={n} participantName={(id) => names.get(id) ?? "Participant"} />
        <ProblemAlert error={review.error} />
        {n.status === "submitted" && !returning && (
          <Group>
            <Button onClick={() => review.mutate({ outcome: "co-sign" }, { onSuccess: done })} loading={review.isPending}>Co-sign</Button>
            <Button variant="default" onClick={() => setReturning(true)}>Return with comments</Button>
          </Group>
        )}
        {n.status === "submitted" && returning && (
          <form onSubmit={(e) => { e.preventDefault(); review.mutate({ outcome: "return", comments: comments.trim() }, { onSuccess: done }); }}>
            <Stack gap="xs">
              <Textarea label="Comments for the author" autosize minRows={3} value={comments} onChange={(e) => setComments(e.currentTarget.value)} data-autofocus />
              <Group>
                <Button type="submit" color="orange" disabled={!comments.trim()} loading={review.isPending}>Return the note</Button>
                <Button variant="subtle" onClick={() => setReturning(false)}>Cancel</Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
