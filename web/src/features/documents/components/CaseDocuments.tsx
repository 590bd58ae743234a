import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { wallClock } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { type DocumentView, type RequestableKind, useCaseDocuments, useRequestDocument } from "../api/documents";
import { DOCUMENT_ROLES } from "../roles";
import { type Person, defaultPerson, documentPeople } from "../payers";
import { periodLabel, previousMonth } from "../periods";
import { DocumentActions, DocumentStatus, SENT_NOTICE } from "./DocumentActions";

const KINDS: { value: RequestableKind; label: string }[] = [
  { value: "superbill", label: "Superbill" },
  { value: "cms1500", label: "CMS-1500 claim" },
  { value: "statement", label: "Statement" },
];

/** A case's billing documents: make a superbill, claim or statement, download, email, regenerate. */
export function CaseDocuments(props: Props) {
  const role = useMe().data?.role;
  if (!role || !DOCUMENT_ROLES.includes(role)) return null;
  return <Documents {...props} />;
}

type Props = { caseId: string; people: Person[]; billingContactId?: string | null };

function Documents({ caseId, people, billingContactId }: Props) {
  const documents = useCaseDocuments(caseId);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">Documents</Title>
        <NewDocument caseId={caseId} people={people} billingContactId={billingContactId} />
        {documents.isPending ? (
          <Loading label="Loading the documents" />
        ) : documents.error ? (
          <ProblemAlert error={documents.error} />
        ) : documents.data.items.length === 0 ? (
          <Empty>No documents yet.</Empty>
        ) : (
          <DocumentTable items={documents.data.items} people={documentPeople("statement", people, billingContactId)} />
        )}
      </Stack>
    </Paper>
  );
}

function NewDocument({ caseId, people, billingContactId }: Props) {
  const zone = usePractice().data?.timezone ?? "UTC";
  const month = previousMonth(wallClock(new Date(), zone).date);
  const [kind, setKind] = useState<RequestableKind>("superbill");
  const [start, setStart] = useState(month.start);
  const [end, setEnd] = useState(month.end);
  const [picked, setPicked] = useState<string | null>(null);
  const choices = documentPeople(kind, people, billingContactId);
  const person = picked && choices.some((p) => p.person_id === picked) ? picked : defaultPerson(kind, people, billingContactId);
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
        {choices.length > 1 && (
          <Select label={kind === "statement" ? "Payer" : "Client"} placeholder="Choose"
            data={choices.map((p) => ({ value: p.person_id, label: p.display_name ?? "Client" }))}
            value={person} onChange={setPicked} allowDeselect={false} w={220} />
        )}
        <TextInput label="From" type="date" value={start} onChange={(e) => setStart(e.currentTarget.value)} w={160} required />
        <TextInput label="To" type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} w={160} required />
        <Button type="submit" loading={request.isPending}>Make document</Button>
      </Group>
      <ProblemAlert error={request.error} />
    </form>
  );
}

function DocumentTable({ items, people }: { items: DocumentView[]; people: Person[] }) {
  const [sent, setSent] = useState(false);
  const nameOf = (id: string) => people.find((p) => p.person_id === id)?.display_name ?? "";
  return (
    <>
      {sent && <Text size="sm" role="status">{SENT_NOTICE}</Text>}
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
              <Table.Td><DocumentStatus document={d} /></Table.Td>
              <Table.Td><DocumentActions document={d} onSent={() => setSent(true)} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
