import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { wallClock } from "@/lib/practice-time";
import { useRecordPayment } from "../api/record-payment";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { OUTSIDE_METHODS } from "../labels";
import { centsToInput } from "../money";
import { newIdempotencyKey } from "../paths";
import { fieldCents, MoneyField } from "./MoneyField";

type Method = "cash" | "check" | "zelle" | "other";

/**
 * Money received outside Stripe, for one invoice (or, without one, as account credit). Paying
 * more than the balance leaves the rest as credit; the service says so in the ledger.
 */
export function RecordPaymentForm({ payerId, invoiceId, balanceCents }: { payerId: string; invoiceId?: string; balanceCents?: number }) {
  const { currency, timezone } = usePracticeMoney();
  const record = useRecordPayment();
  const today = timezone ? wallClock(new Date(), timezone).date : "";
  const [method, setMethod] = useState<Method>("cash");
  const [amount, setAmount] = useState(balanceCents ? centsToInput(balanceCents, currency) : "");
  const [receivedOn, setReceivedOn] = useState(today);
  const [reference, setReference] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const [saved, setSaved] = useState(false);
  const cents = fieldCents(amount, currency);
  const fresh = () => { setKey(newIdempotencyKey()); setSaved(false); };
  const submit = () => typeof cents === "number" && record.mutate(
    { key, body: { payer_id: payerId, invoice_id: invoiceId ?? null, method, amount_cents: cents, received_on: receivedOn || today, reference: reference.trim() || null } },
    { onSuccess: () => { setKey(newIdempotencyKey()); setAmount(""); setReference(""); setSaved(true); } },
  );
  return (
    <Paper withBorder p="md" component="form" aria-label="Record a payment" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap="sm">
        <Title order={3} size="h5">Record a payment received</Title>
        <Group align="flex-start" grow>
          <Select label="Method" allowDeselect={false} value={method} onChange={(v) => { if (v) { setMethod(v as Method); fresh(); } }} data={OUTSIDE_METHODS.map((m) => ({ ...m }))} />
          <MoneyField label="Amount" currency={currency} value={amount} onChange={(v) => { setAmount(v); fresh(); }} />
          <TextInput type="date" label="Received on" value={receivedOn} onChange={(e) => { setReceivedOn(e.currentTarget.value); fresh(); }} />
          <TextInput label="Reference" description="Check number or note" maxLength={100} value={reference} onChange={(e) => { setReference(e.currentTarget.value); fresh(); }} />
        </Group>
        <ProblemAlert error={record.error} />
        {saved && !record.isPending && <Text size="sm" role="status">Payment recorded.</Text>}
        <Group><Button type="submit" loading={record.isPending} disabled={typeof cents !== "number"}>Record payment</Button></Group>
      </Stack>
    </Paper>
  );
}
