import { Button, Checkbox, Group, Paper, Select, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { useChangeNoteTemplate } from "../api/change-note-template";
import type { NoteKind } from "../api/get-note-template";
import { FIELD_INPUTS, choicesFrom, keyFromLabel, type FieldInputKind } from "../template-fields";

/** Adds one field to this kind's template; its key is made from the label. */
export function AddTemplateField({ kind, kindLabel }: { kind: NoteKind; kindLabel: string }) {
  const add = useChangeNoteTemplate();
  const [label, setLabel] = useState("");
  const [input, setInput] = useState<FieldInputKind>("long_text");
  const [choices, setChoices] = useState("");
  const [required, setRequired] = useState(false);
  const [perParticipant, setPerParticipant] = useState(false);
  const key = keyFromLabel(label);
  const options = choicesFrom(choices);
  const fields = (add.error as { fields?: Record<string, string> } | null)?.fields ?? {};
  const ready = label.trim().length > 0 && key.length >= 2 && (input !== "choice" || options.length > 0);
  const submit = () =>
    add.mutate(
      {
        kind: "add",
        field: { kind, key, label: label.trim(), input, required, choices: input === "choice" ? options : [], per_participant: kind === "group" && perParticipant },
      },
      { onSuccess: () => { setLabel(""); setChoices(""); setRequired(false); setPerParticipant(false); } },
    );
  return (
    <Paper withBorder p="md" maw={900} component="section" aria-labelledby="add-field-title">
      <Title id="add-field-title" order={2} size="h4" mb="sm">Add a field to the {kindLabel.toLowerCase()}</Title>
      <Stack gap="sm">
        <ProblemAlert error={add.error} />
        <TextInput label="Label" description={key ? `Stored as ${key}` : "What the clinician sees above the field"} value={label}
          onChange={(e) => setLabel(e.currentTarget.value)} maxLength={80} error={fields.label ?? fields.key} />
        <Select label="Answer" data={[...FIELD_INPUTS]} value={input} allowDeselect={false} onChange={(v) => v && setInput(v as FieldInputKind)} />
        {input === "choice" && (
          <Textarea label="Choices" description="One per line" autosize minRows={3} value={choices} onChange={(e) => setChoices(e.currentTarget.value)} error={fields.choices} />
        )}
        <Group>
          <Checkbox label="Required before signing" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          {kind === "group" && <Checkbox label="One answer per participant" checked={perParticipant} onChange={(e) => setPerParticipant(e.currentTarget.checked)} />}
        </Group>
        <Group><Button onClick={submit} disabled={!ready} loading={add.isPending}>Add field</Button></Group>
      </Stack>
    </Paper>
  );
}
