import { Button, Group, NumberInput, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { type OverrideScope, useChangeOverride, useOverride } from "../api/overrides";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { BILLING_MODES, billingModeLabel } from "../labels";
import { centsToInput } from "../money";
import { fieldCents, MoneyField } from "./MoneyField";

type Override = components["schemas"]["BillingOverrideView"];

const WHOSE: Record<OverrideScope, string> = { case: "this case", billing_contact: "what this person pays" };

/** Billing mode, fees and terms for one case or one billing contact; blank means "as the practice". */
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
  const fee = (key: string) => (typeof own[key] === "number" ? centsToInput(own[key] as number, currency) : "");
  const [mode, setMode] = useState<string>(typeof own.billing_mode === "string" ? own.billing_mode : "");
  const [lateFee, setLateFee] = useState(fee("late_cancel_fee_cents"));
  const [noShowFee, setNoShowFee] = useState(fee("no_show_fee_cents"));
  const [terms, setTerms] = useState<string | number>(typeof own.payment_terms_days === "number" ? own.payment_terms_days : "");
  const late = fieldCents(lateFee, currency);
  const noShow = fieldCents(noShowFee, currency);
  const shownFee = (key: string) => (typeof applied[key] === "number" ? money(applied[key] as number) : "not invoiced");
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
          <MoneyField label="Late-cancellation fee" optional currency={currency} value={lateFee} onChange={setLateFee} description={`Now: ${shownFee("late_cancel_fee_cents")}`} />
          <MoneyField label="No-show fee" optional currency={currency} value={noShowFee} onChange={setNoShowFee} description={`Now: ${shownFee("no_show_fee_cents")}`} />
        </Group>
        <ProblemAlert error={change.error} />
        {change.isSuccess && !change.isPending && <Text size="sm" role="status">Saved.</Text>}
        <Group><Button variant="default" onClick={save} loading={change.isPending} disabled={late === undefined || noShow === undefined}>Save billing settings for {WHOSE[scope]}</Button></Group>
      </Stack>
    </Paper>
  );
}
