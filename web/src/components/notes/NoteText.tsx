import { Card, Stack, Text, Title } from "@mantine/core";
import type { components } from "@/lib/api/schema";

type Note = components["schemas"]["NoteView"];

/**
 * A note's answers, read-only: what a supervisor reviews and what a signed note shows. A
 * group note's per-participant answers appear under each participant the reader may see
 * (the service leaves out the others).
 */
export function NoteText({ note, participantName }: { note: Note; participantName: (id: string) => string }) {
  const shared = note.fields.filter((f) => !f.per_participant);
  const perParticipant = note.fields.filter((f) => f.per_participant);
  const answer = (value: string | undefined) =>
    value ? <Text style={{ whiteSpace: "pre-wrap" }}>{value}</Text> : <Text c="dimmed" fs="italic">Not filled in</Text>;

  return (
    <Stack gap="sm">
      <dl style={{ margin: 0 }}>
        {shared.map((f) => (
          <div key={f.key} style={{ marginBottom: "0.75rem" }}>
            <Text component="dt" fw={600} size="sm">{f.label}</Text>
            <dd style={{ margin: 0 }}>{answer(note.content[f.key])}</dd>
          </div>
        ))}
      </dl>
      {perParticipant.length > 0 &&
        Object.entries(note.sections).map(([personId, values]) => (
          <Card withBorder key={personId} component="section" aria-label={`Section for ${participantName(personId)}`}>
            <Title order={3} size="h5" mb="xs">{participantName(personId)}</Title>
            <dl style={{ margin: 0 }}>
              {perParticipant.map((f) => (
                <div key={f.key} style={{ marginBottom: "0.5rem" }}>
                  <Text component="dt" fw={600} size="sm">{f.label}</Text>
                  <dd style={{ margin: 0 }}>{answer(values[f.key])}</dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
    </Stack>
  );
}
