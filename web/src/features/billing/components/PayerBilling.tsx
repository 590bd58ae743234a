import { Badge, Blockquote, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { autopayBasis, consentGiven } from "../autopay-consent";
import { useLedger } from "../api/ledger";
import { useAddCredit, useSwitchAutoPay } from "../api/payer-account";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { useMayManageBilling } from "../hooks/use-may-manage";
import { newIdempotencyKey } from "../paths";
import { InvoicesTable } from "./InvoicesTable";
import { LedgerSummary } from "./LedgerSummary";
import { fieldCents, MoneyField } from "./MoneyField";
import { OverrideCard } from "./OverrideCard";
import { PaymentsTable } from "./PaymentsTable";
import { RecordPaymentForm } from "./RecordPaymentForm";

/**
 * A person's billing as a payer: their account (balance, credit, AutoPay and saved method),
 * the invoices billed to them, their payments, account credit, and their own billing settings.
 */
export function PayerBilling({ personId }: { personId: string }) {
  const mayManage = useMayManageBilling();
  return (
    <Paper withBorder p="md" component="section" aria-label="Billing">
      <Stack>
        <Title order={3} size="h4">Billing</Title>
        <LedgerSummary scope="payer" id={personId} />
        <AutoPayCard payerId={personId} mayManage={mayManage} />
        <Title order={4} size="h5">Invoices billed to them</Title>
        <InvoicesTable filter={{ payer_id: personId }} label="Invoices billed to this person" />
        <Title order={4} size="h5">Payments</Title>
        <PaymentsTable payerId={personId} label="Payments by this person" mayRefund={mayManage} />
        {mayManage && <>
          <RecordPaymentForm payerId={personId} />
          <AddCredit payerId={personId} />
          <OverrideCard scope="billing_contact" id={personId} />
        </>}
      </Stack>
    </Paper>
  );
}

function AutoPayCard({ payerId, mayManage }: { payerId: string; mayManage: boolean }) {
  const ledger = useLedger("payer", payerId);
  const autopay = useSwitchAutoPay(payerId);
  const { timezone } = usePracticeMoney();
  if (!ledger.data) return null;
  const { autopay: on, saved_method, autopay_consent: consent } = ledger.data;
  const basis = autopayBasis(on, consent);
  const label = typeof saved_method?.label === "string" ? saved_method.label : null;
  return (
    <Stack gap={4} aria-label="AutoPay">
      <Group>
        <Text size="sm">AutoPay</Text>
        <Badge variant="light" color={on ? "indigo" : "gray"}>{on ? "On" : "Off"}</Badge>
        <Text size="sm">{label ? `Saved method: ${label}` : "No saved card or bank account"}</Text>
        {mayManage && <Button size="compact-sm" variant="default" loading={autopay.isPending} onClick={() => autopay.mutate(!on)}>
          {on ? "Turn AutoPay off" : "Turn AutoPay on"}
        </Button>}
      </Group>
      {basis && <Text size="sm" c="dimmed">{basis}</Text>}
      {on && consent && <Stack gap={4} aria-label="AutoPay consent">
        <Text size="sm">{consentGiven(consent, timezone ?? "UTC")} The words they agreed to:</Text>
        <Blockquote p="xs" fz="sm">{consent.text}</Blockquote>
      </Stack>}
      <ProblemAlert error={autopay.error} />
    </Stack>
  );
}

function AddCredit({ payerId }: { payerId: string }) {
  const { currency } = usePracticeMoney();
  const credit = useAddCredit(payerId);
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const cents = fieldCents(amount, currency);
  const submit = () => typeof cents === "number" && credit.mutate(
    { key, amount_cents: cents, note: note.trim() || null },
    { onSuccess: () => { setAmount(""); setNote(""); setKey(newIdempotencyKey()); } },
  );
  return (
    <Stack gap={4} component="form" aria-label="Add account credit" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Group align="flex-end">
        <MoneyField label="Account credit" description="A goodwill adjustment; it pays open invoices oldest first" currency={currency} value={amount}
          onChange={(v) => { setAmount(v); setKey(newIdempotencyKey()); }} w={260} />
        <TextInput label="Note" value={note} onChange={(e) => { setNote(e.currentTarget.value); setKey(newIdempotencyKey()); }} maxLength={200} w={240} />
        <Button type="submit" variant="default" loading={credit.isPending} disabled={typeof cents !== "number"}>Add credit</Button>
      </Group>
      <ProblemAlert error={credit.error} />
      {credit.isSuccess && !credit.isPending && <Text size="sm" role="status">Credit added.</Text>}
    </Stack>
  );
}
