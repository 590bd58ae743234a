import { Badge, Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { usePayments } from "../api/payments";
import { useRefundPayment } from "../api/refund-payment";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { methodLabel } from "../labels";
import { centsToInput } from "../money";
import { newIdempotencyKey } from "../paths";
import { fieldCents, MoneyField } from "./MoneyField";

type Payment = components["schemas"]["PaymentView"];

/**
 * A payer's payments (or only those that paid `invoiceId`), with a refund for each that has
 * money left to give back. The service decides what may be refunded; a refusal is shown as it says.
 */
export function PaymentsTable({ payerId, invoiceId, label, mayRefund }: { payerId: string; invoiceId?: string; label: string; mayRefund?: boolean }) {
  const payments = usePayments(payerId);
  const { money } = usePracticeMoney();
  if (payments.isPending) return <Loading label="Loading payments" />;
  if (!payments.data) return <ProblemAlert error={payments.error} />;
  const items = payments.data.items.filter((p) => !invoiceId || invoiceId in (p.allocations as Record<string, number>));
  if (!items.length) return <Empty>No payments yet.</Empty>;
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr><Table.Th>Received</Table.Th><Table.Th>Method</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th ta="right">Refunded</Table.Th>{mayRefund && <Table.Th>Refund</Table.Th>}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((p) => (
          <Table.Tr key={p.payment_id}>
            <Table.Td>{p.received_on}</Table.Td>
            <Table.Td>
              <Group gap={6}>{methodLabel(p.method)}{p.reference ? <Text size="xs" c="dimmed">{p.reference}</Text> : null}
                {p.status !== "succeeded" && <Badge size="sm" variant="light">{p.status}</Badge>}</Group>
            </Table.Td>
            <Table.Td ta="right">{money(p.amount_cents)}</Table.Td>
            <Table.Td ta="right">{money(p.refunded_cents)}</Table.Td>
            {mayRefund && <Table.Td><RefundForm payment={p} /></Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RefundForm({ payment }: { payment: Payment }) {
  const { currency, money } = usePracticeMoney();
  const refund = useRefundPayment();
  const left = payment.amount_cents - payment.refunded_cents;
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(centsToInput(left, currency));
  const [reason, setReason] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const cents = fieldCents(amount, currency);
  if (!open) return <Button size="compact-sm" variant="default" onClick={() => setOpen(true)}>Refund {money(payment.amount_cents)}</Button>;
  const submit = () => typeof cents === "number" && refund.mutate(
    { paymentId: payment.payment_id, key, body: { amount_cents: cents, reason: reason.trim() || null } },
    { onSuccess: () => { setOpen(false); setKey(newIdempotencyKey()); } },
  );
  return (
    <Stack gap={4} component="form" aria-label="Refund" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <MoneyField label="Refund amount" size="xs" w={120} currency={currency} value={amount} onChange={(v) => { setAmount(v); setKey(newIdempotencyKey()); }} />
        <TextInput label="Reason" size="xs" w={160} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={200} />
        <Button size="xs" type="submit" loading={refund.isPending} disabled={typeof cents !== "number"}>Give back</Button>
        <Button size="xs" variant="subtle" onClick={() => { setOpen(false); refund.reset(); }}>Cancel</Button>
      </Group>
      <ProblemAlert error={refund.error} />
    </Stack>
  );
}
