import { Badge, Button, Group, NumberInput, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import type { components } from "@/lib/api/schema";
import { useChangeInvoice } from "../api/change-invoice";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { fieldCents, MoneyField } from "./MoneyField";

type Invoice = components["schemas"]["InvoiceView"];
type Line = components["schemas"]["InvoiceLineView"];

/** An invoice's lines: removable while a draft, credited (never changed) once issued. */
export function InvoiceLines({ invoice, mayManage = true }: { invoice: Invoice; mayManage?: boolean }) {
  const { money } = usePracticeMoney();
  const change = useChangeInvoice(invoice.invoice_id);
  const draft = invoice.status === "draft" && mayManage;
  const creditable = mayManage && invoice.status !== "draft" && invoice.status !== "void";
  return (
    <Stack gap="sm">
      {invoice.lines.length ? (
        <Table aria-label="Invoice lines">
          <Table.Thead>
            <Table.Tr><Table.Th>Date</Table.Th><Table.Th>Description</Table.Th><Table.Th>CPT</Table.Th><Table.Th ta="right">Units</Table.Th><Table.Th ta="right">Fee</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoice.lines.map((line) => (
              <Table.Tr key={line.line_id}>
                <Table.Td>{line.service_date ?? "—"}</Table.Td>
                <Table.Td>{line.description}{line.place_of_service ? <Text size="xs" c="dimmed">Place of service {line.place_of_service}</Text> : null}</Table.Td>
                <Table.Td>{line.cpt_code ?? ""}</Table.Td>
                <Table.Td ta="right">{line.units}</Table.Td>
                <Table.Td ta="right">{money(line.unit_fee_cents)}</Table.Td>
                <Table.Td ta="right" td={line.credited ? "line-through" : undefined}>{money(line.amount_cents)}</Table.Td>
                <Table.Td>
                  {line.credited ? <Badge variant="light" color="gray">Credited</Badge>
                    : draft ? <Button size="compact-xs" variant="subtle" color="red" loading={change.isPending}
                        onClick={() => change.mutate({ version: invoice.version, change: { kind: "remove-line", body: { line_id: line.line_id } } })}>Remove line</Button>
                    : creditable ? <CreditLine invoice={invoice} line={line} /> : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Empty>No lines yet.</Empty>}
      <ProblemAlert error={change.error} />
      {draft && <AddLine invoice={invoice} />}
    </Stack>
  );
}

function AddLine({ invoice }: { invoice: Invoice }) {
  const { currency } = usePracticeMoney();
  const change = useChangeInvoice(invoice.invoice_id);
  const [description, setDescription] = useState("");
  const [units, setUnits] = useState<string | number>(1);
  const [fee, setFee] = useState("");
  const cents = fieldCents(fee, currency);
  const submit = () => typeof cents === "number" && description.trim() && change.mutate(
    { version: invoice.version, change: { kind: "add-line", body: { description: description.trim(), units: Number(units), unit_fee_cents: cents } } },
    { onSuccess: () => { setDescription(""); setFee(""); setUnits(1); } },
  );
  return (
    <Stack gap={4} component="form" aria-label="Add a line" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Group align="flex-end">
        <TextInput label="Line description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} w={280} />
        <NumberInput label="Units" min={1} max={99} value={units} onChange={setUnits} w={90} />
        <MoneyField label="Fee per unit" currency={currency} value={fee} onChange={setFee} w={140} />
        <Button type="submit" variant="default" loading={change.isPending} disabled={typeof cents !== "number" || !description.trim()}>Add line</Button>
      </Group>
      <ProblemAlert error={change.error} />
    </Stack>
  );
}

function CreditLine({ invoice, line }: { invoice: Invoice; line: Line }) {
  const change = useChangeInvoice(invoice.invoice_id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open) return <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)}>Credit line</Button>;
  return (
    <Stack gap={4} component="form" aria-label="Credit this line" onSubmit={(e) => {
      e.preventDefault();
      if (reason.trim()) change.mutate({ version: invoice.version, change: { kind: "credit-line", body: { line_id: line.line_id, reason: reason.trim() } } });
    }}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput size="xs" label="Why is it credited?" value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={200} />
        <Button size="xs" type="submit" loading={change.isPending} disabled={!reason.trim()}>Credit</Button>
        <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>Cancel</Button>
      </Group>
      <ProblemAlert error={change.error} />
    </Stack>
  );
}
