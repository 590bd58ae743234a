import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { wallClock } from "@/lib/practice-time";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { casePath } from "@/lib/record-paths";
import type { DocumentView } from "../api/documents";
import { usePersonDocuments, useRequestAccountStatement } from "../api/person-documents";
import { periodLabel, previousMonth } from "../periods";
import { DOCUMENT_ROLES } from "../roles";
import { DocumentActions, DocumentStatus, SENT_NOTICE } from "./DocumentActions";

/**
 * A person's billing documents: what they pay (invoices, statements, and the receipt of each
 * payment, which belongs to no case) and what is about them (superbills, claims). Download,
 * email the secure link, regenerate.
 */
export function PersonDocuments({ personId }: { personId: string }) {
  const role = useMe().data?.role;
  if (!role || !DOCUMENT_ROLES.includes(role)) return null;
  return <Documents personId={personId} wholeAccount={WHOLE_ACCOUNT_ROLES.includes(role)} />;
}

/** A payer's whole account may pay for cases a clinician does not serve: owner and billing only. */
const WHOLE_ACCOUNT_ROLES = ["owner", "billing"];

function Documents({ personId, wholeAccount }: { personId: string; wholeAccount: boolean }) {
  const documents = usePersonDocuments(personId);
  const [sent, setSent] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">Billing documents</Title>
        {wholeAccount && <AccountStatement personId={personId} />}
        {sent && <Text size="sm" role="status">{SENT_NOTICE}</Text>}
        {documents.isPending ? (
          <Loading label="Loading the billing documents" />
        ) : documents.error ? (
          <ProblemAlert error={documents.error} />
        ) : documents.data.items.length === 0 ? (
          <Empty>No billing documents yet. Invoices appear when issued, receipts after each payment.</Empty>
        ) : (
          <Table aria-label="Billing documents of this person">
            <Table.Thead>
              <Table.Tr><Table.Th>Document</Table.Th><Table.Th>Date</Table.Th><Table.Th>Case</Table.Th><Table.Th>Status</Table.Th><Table.Th>Actions</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.data.items.map((d) => (
                <Table.Tr key={d.document_id}>
                  <Table.Td>{d.kind_label}{d.origin === "monthly" ? " (monthly)" : ""}</Table.Td>
                  <Table.Td>{periodLabel(d.period_start, d.period_end)}</Table.Td>
                  <Table.Td><CaseCell document={d} /></Table.Td>
                  <Table.Td><DocumentStatus document={d} /></Table.Td>
                  <Table.Td><DocumentActions document={d} onSent={() => setSent(true)} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/** A statement of everything this person pays for, whichever cases it spans. */
function AccountStatement({ personId }: { personId: string }) {
  const zone = usePractice().data?.timezone ?? "UTC";
  const month = previousMonth(wallClock(new Date(), zone).date);
  const [start, setStart] = useState(month.start);
  const [end, setEnd] = useState(month.end);
  const request = useRequestAccountStatement(personId);
  return (
    <form
      aria-label="Statement of the whole account"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ period_start: start, period_end: end });
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput label="From" type="date" value={start} onChange={(e) => setStart(e.currentTarget.value)} w={160} required />
        <TextInput label="To" type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} w={160} required />
        <Button type="submit" loading={request.isPending}>Make account statement</Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>Every charge, payment and credit of this payer in the period, across all the cases they pay for.</Text>
      <ProblemAlert error={request.error} />
    </form>
  );
}

function CaseCell({ document: d }: { document: DocumentView }) {
  if (d.case_id) return <Anchor component={Link} to={casePath(d.case_id)} size="sm">Open case</Anchor>;
  // A payment may pay invoices of several cases, or go to account credit.
  return <Text size="sm" c="dimmed">Whole account</Text>;
}
