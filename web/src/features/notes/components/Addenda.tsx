import { Button, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useStaffName } from "@/lib/queries/staff-directory";
import { useAddAddendum } from "../api/add-addendum";

type Note = components["schemas"]["NoteView"];

/** A signed note's dated addenda, and a form to add one. */
export function Addenda({ note, zone, mayAdd }: { note: Note; zone: string; mayAdd: boolean }) {
  const staffName = useStaffName();
  const [text, setText] = useState("");
  const add = useAddAddendum(note.note_id);

  return (
    <Stack gap="xs" component="section" aria-labelledby="addenda-heading">
      <Title order={3} size="h5" id="addenda-heading">Addenda</Title>
      {note.addenda.length === 0 ? (
        <Text c="dimmed" size="sm">No addenda.</Text>
      ) : (
        <ol aria-label="Addenda" style={{ margin: 0, paddingLeft: "1.2rem" }}>
          {note.addenda.map((a) => (
            <li key={a.at}>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{a.text}</Text>
              <Text size="xs" c="dimmed">{staffName(a.added_by)}, {formatPracticeDateTime(a.at, zone)}</Text>
            </li>
          ))}
        </ol>
      )}
      {mayAdd && (
        <form onSubmit={(e) => { e.preventDefault(); add.mutate(text.trim(), { onSuccess: () => setText("") }); }}>
          <Stack gap="xs">
            <Textarea label="New addendum" description="Dated and signed with your name; the note itself stays as signed." autosize minRows={2}
              value={text} onChange={(e) => setText(e.currentTarget.value)} />
            <ProblemAlert error={add.error} />
            <Button type="submit" variant="light" disabled={!text.trim()} loading={add.isPending} w="fit-content">Add addendum</Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
