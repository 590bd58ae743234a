import { Button, Group, NumberInput, Paper, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { useChangePractice, useFreshPractice } from "../api/practice";
import { formatOffsets, parseOffsets } from "../offsets";
import { SettingsNav } from "./SettingsNav";

type Practice = components["schemas"]["PracticeView"];

/** Reminder emails, the late-cancel window and the planned-absence allowance. */
export function SchedulingSettings() {
  const practice = useFreshPractice();
  return (
    <Stack>
      <PageTitle>Reminders and cancellations</PageTitle>
      <SettingsNav />
      {practice.isPending ? <Loading label="Loading settings" /> : practice.data ? (
        <Stack maw={720}>
          <Reminders practice={practice.data} />
          <Cancellations practice={practice.data} />
        </Stack>
      ) : <ProblemAlert error={practice.error} />}
    </Stack>
  );
}

const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);

function fieldError(error: unknown, key: string): string | undefined {
  return isProblem(error) ? error.fields[`values.${key}`] : undefined;
}

function Reminders({ practice }: { practice: Practice }) {
  const change = useChangePractice();
  const r = practice.settings.reminders ?? {};
  const [enabled, setEnabled] = useState(Boolean(r.email_enabled));
  const [offsets, setOffsets] = useState(formatOffsets((r.offsets_minutes as number[] | undefined) ?? []));
  const [titles, setTitles] = useState<string | null>(String(r.provider_feed_titles ?? "initials"));
  const parsed = parseOffsets(offsets);
  const save = () => "minutes" in parsed && change.mutate({
    version: practice.version,
    change: { kind: "settings", body: { group: "reminders", values: { email_enabled: enabled, offsets_minutes: parsed.minutes, provider_feed_titles: titles } } },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">Reminders</Title>
        <Switch label="Email reminders before appointments" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <TextInput label="When to remind" description="Times before the appointment, such as 24h, 2h (up to five)" value={offsets}
          onChange={(e) => setOffsets(e.currentTarget.value)} error={"error" in parsed ? parsed.error : fieldError(change.error, "offsets_minutes")} disabled={!enabled} />
        <Select label="Provider calendar feeds show clients as" data={[{ value: "initials", label: "Initials" }, { value: "full_name", label: "Full names" }]}
          value={titles} onChange={setTitles} allowDeselect={false} w={260} />
        <Text size="sm">Reminders are never sent for cancelled or moved appointments, nor to people who opted out.</Text>
        <ProblemAlert error={fieldError(change.error, "offsets_minutes") ? null : change.error} />
        {change.isSuccess && <Text size="sm" role="status">Reminder settings saved.</Text>}
        <Group><Button onClick={save} loading={change.isPending} disabled={"error" in parsed}>Save reminders</Button></Group>
      </Stack>
    </Paper>
  );
}

function Cancellations({ practice }: { practice: Practice }) {
  const change = useChangePractice();
  const s = practice.settings.scheduling ?? {};
  const [windowHours, setWindowHours] = useState<string | number>(num(s.late_cancel_window_hours, 24));
  const [enabled, setEnabled] = useState(Boolean(s.planned_absence_enabled));
  const [allowance, setAllowance] = useState<string | number>(num(s.planned_absence_allowance, 6));
  const save = () => change.mutate({
    version: practice.version,
    change: { kind: "settings", body: { group: "scheduling", values: { late_cancel_window_hours: Number(windowHours), planned_absence_enabled: enabled, planned_absence_allowance: Number(allowance) } } },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">Cancellations</Title>
        <NumberInput label="Late-cancellation window (hours before)" min={0} max={168} value={windowHours} onChange={setWindowHours} w={320}
          error={fieldError(change.error, "late_cancel_window_hours")} />
        <Switch label="Planned absences: no-fee client cancellations per case each calendar year" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <NumberInput label="Planned absences per case per year" min={0} max={52} value={allowance} onChange={setAllowance} w={320} disabled={!enabled}
          error={fieldError(change.error, "planned_absence_allowance")} description="A case can have its own number on its page" />
        <ProblemAlert error={isProblem(change.error) && Object.keys(change.error.fields).length ? null : change.error} />
        {change.isSuccess && <Text size="sm" role="status">Cancellation settings saved.</Text>}
        <Group><Button onClick={save} loading={change.isPending}>Save cancellations</Button></Group>
      </Stack>
    </Paper>
  );
}
