import { Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { useChangeBillingSettings } from "../api/settings";
import { usePracticeMoney } from "../hooks/use-practice-money";
import { BILLING_MODES, METHODS } from "../labels";
import { formFromValues, type SettingsForm, valuesFromForm } from "../settings-form";
import { MoneyField } from "./MoneyField";

type Settings = components["schemas"]["BillingSettingsView"];

/** The practice's billing defaults, one form, saved together. */
export function PracticeBillingDefaults({ settings }: { settings: Settings }) {
  const { currency } = usePracticeMoney();
  const change = useChangeBillingSettings();
  const [form, setForm] = useState<SettingsForm>(() => formFromValues(settings.values, currency));
  const [local, setLocal] = useState<{ field: string; error: string } | null>(null);
  const set = <K extends keyof SettingsForm>(key: K) => (value: SettingsForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const error = (field: string) => (local?.field === field ? local.error : isProblem(change.error) ? change.error.fields[field] ?? change.error.fields[`values.${field}`] : undefined);
  const save = () => {
    const read = valuesFromForm(form, currency);
    if ("error" in read) return setLocal(read);
    setLocal(null);
    change.mutate({ version: settings.version, values: read.values });
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Practice billing defaults">
      <Stack>
        <Title order={2} size="h4">Practice defaults</Title>
        <Select label="Billing mode" data={BILLING_MODES.map((m) => ({ ...m }))} value={form.billing_mode} allowDeselect={false}
          onChange={(v) => v && set("billing_mode")(v)} error={error("billing_mode")} />
        <Checkbox.Group label="Accepted payment methods" value={form.accepted_methods} onChange={set("accepted_methods")} error={error("accepted_methods")}>
          <Group mt={4}>{METHODS.map((m) => <Checkbox key={m.value} value={m.value} label={m.label} />)}</Group>
        </Checkbox.Group>
        <Group grow align="flex-start">
          <MoneyField label="Late-cancellation fee" description="Blank: late cancellations are not invoiced" currency={currency} optional
            value={form.late_cancel_fee} onChange={set("late_cancel_fee")} error={error("late_cancel_fee_cents")} />
          <MoneyField label="No-show fee" description="Blank: no-shows are not invoiced" currency={currency} optional
            value={form.no_show_fee} onChange={set("no_show_fee")} error={error("no_show_fee_cents")} />
        </Group>
        <Group grow align="flex-start">
          <NumberInput label="Payment terms (days)" min={0} max={120} value={form.payment_terms_days} onChange={set("payment_terms_days")} error={error("payment_terms_days")} />
          <NumberInput label="Review delay (hours)" description="Time to look over an automatic invoice before it goes out" min={0} max={720}
            value={form.review_delay_hours} onChange={set("review_delay_hours")} error={error("review_delay_hours")} />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500}>Discount</Text>
          <Checkbox.Group aria-label="Discount applies to" value={form.discount_applies_to} onChange={set("discount_applies_to")}>
            <Group><Checkbox value="bank_transfer" label="Payers by bank transfer" /><Checkbox value="manual" label="Payers who pay outside Stripe" /></Group>
          </Checkbox.Group>
          <Group align="flex-end">
            <SegmentedControl aria-label="Discount kind" data={[{ value: "percent", label: "Percent" }, { value: "fixed", label: "Fixed amount" }]}
              value={form.discount_kind} onChange={set("discount_kind")} />
            <TextInput label={form.discount_kind === "fixed" ? "Discount amount" : "Discount percent"} w={180}
              value={form.discount_value} onChange={(e) => set("discount_value")(e.currentTarget.value)} error={error("discount")} />
          </Group>
        </Stack>
        <Title order={3} size="h5">AutoPay</Title>
        <Switch label="Tell AutoPay payers the amount and date before each charge" checked={form.autopay_notice} onChange={(e) => set("autopay_notice")(e.currentTarget.checked)} />
        <Group grow align="flex-start">
          <NumberInput label="Notice ahead of a charge (hours)" min={1} max={336} disabled={!form.autopay_notice}
            value={form.autopay_notice_hours} onChange={set("autopay_notice_hours")} error={error("autopay_notice_hours")} />
          <TextInput label="Retry a failed charge after (days)" description="Such as 1, 3; then AutoPay turns off for that payer"
            value={form.autopay_retry_days} onChange={(e) => set("autopay_retry_days")(e.currentTarget.value)} error={error("autopay_retry_days")} />
        </Group>
        <ProblemAlert error={isProblem(change.error) && Object.keys(change.error.fields).length ? null : change.error} />
        {change.isSuccess && !change.isPending && <Text size="sm" role="status">Billing settings saved.</Text>}
        <Group><Button onClick={save} loading={change.isPending}>Save billing settings</Button></Group>
      </Stack>
    </Paper>
  );
}
