import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useChangeNoteTemplate } from "../api/change-note-template";
import { useNoteTemplate, type NoteKind } from "../api/get-note-template";
import { NOTE_KINDS, inputLabel } from "../template-fields";
import { AddTemplateField } from "./AddTemplateField";

/**
 * The note templates: for each kind of note, the fields every note of that kind asks for. The
 * built-in fields stay; the practice adds its own and may retire them later (notes already
 * written keep what was entered).
 */
export function NoteTemplateFields({ nav }: { nav?: ReactNode }) {
  const [kind, setKind] = useState<NoteKind>("progress");
  const template = useNoteTemplate(kind);
  const retire = useChangeNoteTemplate();
  const label = NOTE_KINDS.find((k) => k.value === kind)?.label ?? kind;
  return (
    <Stack>
      <PageTitle>Note templates</PageTitle>
      {nav}
      <SegmentedControl aria-label="Kind of note" value={kind} onChange={(v) => setKind(v as NoteKind)} data={[...NOTE_KINDS]} maw={900} />
      <ProblemAlert error={template.error ?? retire.error} />
      {template.isPending ? <Loading label="Loading the template" /> : template.data && (
        <Table aria-label={`Fields of a ${label.toLowerCase()}`} maw={900}>
          <Table.Thead><Table.Tr><Table.Th>Field</Table.Th><Table.Th>Answer</Table.Th><Table.Th>Notes</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {template.data.fields.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td>{inputLabel(f.input)}{f.choices.length > 0 && <Text size="xs" c="dimmed">{f.choices.join(" · ")}</Text>}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {f.added_by_practice ? <Badge variant="light">Added by the practice</Badge> : <Badge variant="light" color="gray">Built in</Badge>}
                    {f.required && <Badge variant="outline">Required</Badge>}
                    {f.per_participant && <Badge variant="outline">Per participant</Badge>}
                    {f.psychotherapy_only && <Badge variant="outline" color="gray">Therapy cases only</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {f.added_by_practice && (
                    <Button size="compact-sm" variant="subtle" color="red" loading={retire.isPending && retire.variables?.kind === "retire" && retire.variables.key === f.key}
                      onClick={() => retire.mutate({ kind: "retire", noteKind: kind, key: f.key })}>
                      Retire {f.label}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddTemplateField key={kind} kind={kind} kindLabel={label} />
    </Stack>
  );
}
