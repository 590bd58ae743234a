import { Anchor, Button, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { wallClock } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import {
  type DocumentView,
  type RequestableKind,
  fileUrl,
  previewUrl,
  useCaseDocuments,
  useDocumentAction,
  useRequestDocument,
} from "../api/documents";
import { periodLabel, previousMonth } from "../periods";

type Person = { person_id: string; display_name?: string | null };

// The roles holding documents.read (coordinators and schedulers never: diagnoses).
const DOCUMENT_ROLES = ["owner", "provider", "associate", "billing"];

const KINDS: { value: RequestableKind; label: string }[] = [
  { value: "superbill", label: "Superbill" },
  { value: "cms1500", label: "CMS-1500 claim" },
  { value: "statement", label: "Statement" },
];

/** A case's billing documents: make a superbill, claim or statement, download, email, regenerate. */
export function CaseDocuments({ caseId, people }: { caseId: string; people: Person[] }) {
  const role = useMe().data?.role;
  if (!role || !DOCUMENT_ROLES.includes(role)) return null;
  return <Documents caseId={caseId} people={people} />;
}

function Documents({ caseId, people }: { caseId: string; people: Person[] }) {
  const documents = useCaseDocuments(caseId);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">Documents</Title>
        <NewDocument caseId={caseId} people={people} />
        {documents.isPending ? (
          <Loading label="Loading the documents" />
        ) : documents.error ? (
          <ProblemAlert error={documents.error} />
        ) : documents.data.items.length === 0 ? (
          <Empty>No documents yet.</Empty>
        ) : (
          <DocumentTable caseId={caseId} items={documents.data.items} people={people} />
        )}
      </Stack>
    </Paper>
  );
}

function NewDocument({ caseId, people }: { caseId: string; people: Person[] }) {
  const zone = usePractice().data?.timezone ?? "UTC";
  const month = previousMonth(wallClock(new Date(), zone).date);
  const [kind, setKind] = useState<RequestableKind>("superbill");
  const [start, setStart] = useState(month.start);
  const [end, setEnd] = useState(month.end);
  const [person, setPerson] = useState<string | null>(people.length === 1 ? (people[0]?.person_id ?? null) : null);
  const request = useRequestDocument(caseId);
  return (
    <form
      aria-label="New document"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ kind, period_start: start, period_end: end, ...(person ? { person_id: person } : {}) });
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <Select label="Document" data={KINDS} value={kind} onChange={(v) => v && setKind(v as RequestableKind)} allowDeselect={false} w={180} />
        {people.length > 1 && (
          <Select label={kind === "statement" ? "Payer" : "Client"} placeholder="Choose"
            data={people.map((p) => ({ value: p.person_id, label: p.display_name ?? "Client" }))}
            value={person} onChange={setPerson} w={200} />
        )}
        <TextInput label="From" type="date" value={start} onChange={(e) => setStart(e.currentTarget.value)} w={160} required />
        <TextInput label="To" type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} w={160} required />
        <Button type="submit" loading={request.isPending}>Make document</Button>
      </Group>
      <ProblemAlert error={request.error} />
    </form>
  );
}

function DocumentTable({ caseId, items, people }: { caseId: string; items: DocumentView[]; people: Person[] }) {
  const send = useDocumentAction(caseId, "send");
  const regenerate = useDocumentAction(caseId, "regenerate");
  const [preview, setPreview] = useState<DocumentView | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const nameOf = (id: string) => people.find((p) => p.person_id === id)?.display_name ?? "";
  return (
    <>
      <ProblemAlert error={send.error ?? regenerate.error} />
      {sent && <Text size="sm" role="status">A secure link was emailed. It works for a week, after portal sign-in.</Text>}
      <Table aria-label="Documents of this case">
        <Table.Thead>
          <Table.Tr><Table.Th>Document</Table.Th><Table.Th>For</Table.Th><Table.Th>Period</Table.Th><Table.Th>Status</Table.Th><Table.Th>Actions</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.document_id}>
              <Table.Td>{d.kind_label}{d.origin === "monthly" ? " (monthly)" : ""}</Table.Td>
              <Table.Td>{nameOf(d.person_id)}</Table.Td>
              <Table.Td>{periodLabel(d.period_start, d.period_end)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={d.status === "failed" ? 700 : 400}>
                  {d.status === "ready" ? `Ready · ${d.lines} line${d.lines === 1 ? "" : "s"}` : d.status === "failed" ? "Failed" : "Rendering…"}
                </Text>
                {d.failure && <Text size="xs">{d.failure}</Text>}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {d.status === "ready" && Object.keys(d.files).map((name) => (
                    <Anchor key={name} href={fileUrl(d.document_id, name)} size="sm">
                      {name === "document" ? "Download" : name === "form" ? "Download form" : "Download print data"}
                    </Anchor>
                  ))}
                  {d.kind === "cms1500" && d.status === "ready" && (
                    <Button size="compact-sm" variant="default" onClick={() => setPreview(d)}>Printer offsets</Button>
                  )}
                  {d.status === "ready" && (
                    <Button size="compact-sm" variant="default" loading={send.isPending && send.variables === d.document_id}
                      onClick={() => send.mutate(d.document_id, { onSuccess: () => setSent(d.document_id) })}>
                      Email link
                    </Button>
                  )}
                  {d.status !== "pending" && (
                    <Button size="compact-sm" variant="subtle" loading={regenerate.isPending && regenerate.variables === d.document_id}
                      onClick={() => regenerate.mutate(d.document_id)}>
                      Regenerate
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title="Line up the CMS-1500 print data" size="lg">
        {preview && <OffsetPreview document={preview} />}
      </Modal>
    </>
  );
}

function OffsetPreview({ document }: { document: DocumentView }) {
  const [x, setX] = useState<number>(0);
  const [y, setY] = useState<number>(0);
  return (
    <Stack>
      <Text size="sm">
        Print the preview on a pre-printed red form and move the data until it sits in the boxes.
        Offsets are in points (72 to the inch): positive moves right and down. Save the ones that fit
        in Settings, Documents.
      </Text>
      <Group>
        <NumberInput label="Horizontal offset" min={-72} max={72} value={x} onChange={(v) => setX(Number(v) || 0)} w={180} />
        <NumberInput label="Vertical offset" min={-72} max={72} value={y} onChange={(v) => setY(Number(v) || 0)} w={180} />
      </Group>
      <Anchor href={previewUrl(document.document_id, x, y)}>Download the preview with these offsets</Anchor>
    </Stack>
  );
}
