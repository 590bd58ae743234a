import { Button, Group, NumberInput, Paper, Radio, Select, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { type OverrideScope, useChangeOverride, useOverride } from "../api/overrides";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { BILLING_MODES, billingModeLabel } from "../labels";
import { FEE_CHOICES, type FeeChoice, feeChoiceOf, feeNow, feeToSend } from "../override-fee";
import { MoneyField } from "./MoneyField";

type Override = components["schemas"]["BillingOverrideView"];

const WHOSE: Record<OverrideScope, string> = { case: "this case", billing_contact: "what this person pays" };

/**
 * Billing mode, fees and terms for one case or one billing contact; blank means "as the
 * practice", and each fee is a choice: as the practice, not invoiced, or this fee.
 */
export function OverrideCard({ scope, id }: { scope: OverrideScope; id: string }) {
  const found = useOverride(scope, id);
  if (found.isPending) return <Loading label="Loading billing settings" />;
  if (!found.data) return <ProblemAlert error={found.error} />;
  return <OverrideForm scope={scope} id={id} override={found.data} />;
}

function OverrideForm({ scope, id, override }: { scope: OverrideScope; id: string; override: Override }) {
  const { currency, money } = usePracticeMoney();
  const change = useChangeOverride(scope, id);
  const own = override.values as Record<string, unknown>;
  const applied = override.effective as Record<string, unknown>;
  const [mode, setMode] = useState<string>(typeof own.billing_mode === "string" ? own.billing_mode : "");
  const [lateFee, setLateFee] = useState(() => feeChoiceOf(own.late_cancel_fee_cents, currency));
  const [noShowFee, setNoShowFee] = useState(() => feeChoiceOf(own.no_show_fee_cents, currency));
  const [terms, setTerms] = useState<string | number>(typeof own.payment_terms_days === "number" ? own.payment_terms_days : "");
  const late = feeToSend(lateFee.choice, lateFee.text, currency);
  const noShow = feeToSend(noShowFee.choice, noShowFee.text, currency);
  const shownFee = (key: string) => feeNow(applied[key], money);
  const save = () => late !== undefined && noShow !== undefined && change.mutate({
    version: override.version,
    values: { billing_mode: mode || null, late_cancel_fee_cents: late, no_show_fee_cents: noShow, payment_terms_days: terms === "" ? null : Number(terms) },
  });
  return (
    <Paper withBorder p="md" component="section" aria-label={`Billing settings for ${WHOSE[scope]}`}>
      <Stack gap="sm">
        <Title order={3} size="h5">Billing settings for {WHOSE[scope]}</Title>
        <Text size="sm" c="dimmed">Leave a field blank to follow the practice{scope === "case" ? " (or the billing contact's own setting)" : ""}.</Text>
        <Group align="flex-start" grow>
          <Select label="Billing mode" value={mode} onChange={(v) => setMode(v ?? "")} allowDeselect={false}
            data={[{ value: "", label: "As the practice" }, ...BILLING_MODES.map((m) => ({ value: m.value, label: m.label.split(":")[0]! }))]}
            description={`Now: ${billingModeLabel(applied.billing_mode)}`} />
          <NumberInput label="Payment terms (days)" min={0} max={120} value={terms} onChange={setTerms} description={`Now: ${String(applied.payment_terms_days)} days`} />
        </Group>
        <Group align="flex-start" grow>
          <FeeChoiceField label="Late-cancellation fee" currency={currency} value={lateFee} onChange={setLateFee} now={shownFee("late_cancel_fee_cents")} />
          <FeeChoiceField label="No-show fee" currency={currency} value={noShowFee} onChange={setNoShowFee} now={shownFee("no_show_fee_cents")} />
        </Group>
        <ProblemAlert error={change.error} />
        {change.isSuccess && !change.isPending && <Text size="sm" role="status">Saved.</Text>}
        <Group><Button variant="default" onClick={save} loading={change.isPending} disabled={late === undefined || noShow === undefined}>Save billing settings for {WHOSE[scope]}</Button></Group>
      </Stack>
    </Paper>
  );
}

type Fee = { choice: FeeChoice; text: string };

/** One fee of the override: as the practice, not invoiced, or this fee (its amount typed). */
function FeeChoiceField({ label, currency, value, onChange, now }: {
  label: string;
  currency: string;
  value: Fee;
  onChange: (fee: Fee) => void;
  now: string;
}) {
  const missing = value.choice === "fee" && feeToSend("fee", value.text, currency) === undefined;
  return (
    <Stack gap={6}>
      <Radio.Group label={label} description={`Now: ${now}`} value={value.choice}
        onChange={(choice) => onChange({ ...value, choice: choice as FeeChoice })}>
        <Group gap="md" mt={4}>
          {FEE_CHOICES.map((c) => <Radio key={c.value} value={c.value} label={c.label} />)}
        </Group>
      </Radio.Group>
      {value.choice === "fee" && (
        <MoneyField label={`${label} amount`} currency={currency} value={value.text}
          onChange={(text) => onChange({ ...value, text })}
          error={missing && value.text.trim() !== "" ? "Enter an amount above zero, such as 150 or 150.50" : undefined} />
      )}
    </Stack>
  );
}
