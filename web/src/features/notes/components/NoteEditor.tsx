import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { NoteText } from "@/components/notes/NoteText";
import { latestReturn, noteKindLabel, noteStatus } from "@/components/notes/note-labels";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useStaffName } from "@/lib/queries/staff-directory";
import { type Finish, useFinishNote } from "../api/finish-note";
import type { DraftValues } from "../api/save-draft";
import { useDraftSaver } from "../hooks/use-draft-saver";
import { Addenda } from "./Addenda";
import { NoteField } from "./NoteField";
import { draftOf, missingFields, withValue } from "./note-draft";

type Note = components["schemas"]["NoteView"];

const SAVE_WORDS = { saved: "All changes saved", pending: "Unsaved changes", saving: "Saving…", failed: "Not saved" } as const;

/**
 * A note: the template's fields while it is the author's draft (autosaved), then read-only
 * once submitted or signed; after signing, only dated addenda.
 */
export function NoteEditor({ note, me, zone, participantName }: {
  note: Note;
  me: { staff_id: string; role: string };
  zone: string;
  participantName: (personId: string) => string;
}) {
  const staffName = useStaffName();
  const editable = note.status === "draft" && note.author_id === me.staff_id;
  const [draft, setDraft] = useState<DraftValues>(() => draftOf(note));
  const { saver, state, error: saveError } = useDraftSaver(note.note_id, note.version);
  const finish = useFinishNote(note.note_id);
  const refusal = isProblem(finish.error) ? finish.error : undefined;
  const missing = refusal?.code === "note-incomplete" ? missingFields(refusal.body) : new Set<string>();
  const preferred: Finish = me.role === "associate" ? "submit" : "sign";
  const offered: Finish[] =
    refusal?.code === "review-required" ? ["submit"] : refusal?.code === "no-supervisor" ? ["sign"] : [preferred];
  const returned = latestReturn(note.reviews, note.submission, note.status);
  const status = noteStatus(note.status);

  const change = (key: string, value: string, participant?: string) => {
    const next = withValue(draft, key, value, participant);
    setDraft(next);
    saver.change(next);
  };
  const shared = note.fields.filter((f) => !f.per_participant);
  const perParticipant = note.fields.filter((f) => f.per_participant);

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2} size="h4">{noteKindLabel(note.kind)}</Title>
          <Badge variant="light" color={status.color}>{status.label}</Badge>
        </Group>
        {editable && <Text size="sm" c={state === "failed" ? "red" : "dimmed"} role="status" aria-live="polite">{SAVE_WORDS[state]}</Text>}
      </Group>
      {returned && (
        <Alert color="orange" title="Returned with comments" role="note">
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{returned.comments}</Text>
          <Text size="xs" c="dimmed" mt={4}>{staffName(returned.reviewer_id)}, {formatPracticeDateTime(returned.at, zone)}</Text>
        </Alert>
      )}
      {note.status === "submitted" && (
        <Alert color="yellow" title="Waiting for review">
          <Text size="sm">Submitted {note.submitted_at ? formatPracticeDateTime(note.submitted_at, zone) : ""} for {staffName(note.reviewer_id)} to co-sign. It cannot change until it is co-signed or returned.</Text>
        </Alert>
      )}
      {editable ? (
        <Stack component="form" aria-label="Note" onSubmit={(e) => e.preventDefault()}>
          {shared.map((f) => (
            <NoteField key={f.key} field={f} label={f.label} value={draft.content[f.key] ?? ""}
              error={missing.has(f.key) ? "Required before the note can be finished" : undefined}
              onChange={(v) => change(f.key, v)} />
          ))}
          {perParticipant.length > 0 && note.participants.map((p) => (
            <Card withBorder key={p} component="fieldset" aria-label={`Section for ${participantName(p)}`}>
              <Title order={3} size="h5" mb="xs" component="legend">{participantName(p)}</Title>
              <Stack gap="xs">
                {perParticipant.map((f) => (
                  <NoteField key={f.key} field={f} label={`${f.label} (${participantName(p)})`} value={draft.sections[p]?.[f.key] ?? ""}
                    onChange={(v) => change(f.key, v, p)} />
                ))}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <NoteText note={note} participantName={participantName} />
      )}
      <ProblemAlert error={saveError ?? finish.error} />
      {editable && (
        <Group>
          {offered.map((how) => (
            <Button key={how} loading={finish.isPending} onClick={() => finish.mutate({ how, version: () => saver.flush() })}>
              {how === "submit" ? "Submit for review" : "Sign and lock"}
            </Button>
          ))}
        </Group>
      )}
      {note.status === "signed" && (
        <>
          <Text size="sm">
            Signed by {staffName(note.signed_by)}
            {note.cosigned_by && <> and co-signed by {staffName(note.cosigned_by)}</>}
            {note.signed_at && <>, {formatPracticeDateTime(note.signed_at, zone)}</>}.
          </Text>
          <Addenda note={note} zone={zone} mayAdd={note.author_id === me.staff_id || note.cosigned_by === me.staff_id} />
        </>
      )}
    </Stack>
  );
}
