import { Button, Group, NumberInput, Paper, Radio, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { useChangePractice, useFreshPractice } from "../api/practice";
import { type Draft, type SettingField, type SettingsGroup, changes, draftOf } from "../setting-groups";
import { SettingsNav } from "./SettingsNav";

type Practice = components["schemas"]["PracticeView"];

export type GroupSection = { title: string; intro?: string; fields: SettingField[] };

/**
 * A settings screen for one group: its sections of fields and one Save for the group. Only
 * what changed is sent, against the version read (someone else's change meanwhile is refused
 * and offered for reload); the service's refusal shows next to the field it names.
 */
export function GroupSettings({ title, group, sections, saveLabel }: {
  title: string;
  group: SettingsGroup;
  sections: GroupSection[];
  saveLabel: string;
}) {
  const practice = useFreshPractice();
  const change = useChangePractice();
  return (
    <Stack>
      <PageTitle>{title}</PageTitle>
      <SettingsNav />
      {practice.isPending ? <Loading label="Loading settings" /> : practice.data ? (
        // A new version (this save, or a reload after someone else's) starts the form afresh.
        <GroupForm key={practice.data.version} practice={practice.data} group={group} sections={sections}
          saveLabel={saveLabel} change={change} />
      ) : <ProblemAlert error={practice.error} />}
    </Stack>
  );
}

function GroupForm({ practice, group, sections, saveLabel, change }: {
  practice: Practice;
  group: SettingsGroup;
  sections: GroupSection[];
  saveLabel: string;
  change: ReturnType<typeof useChangePractice>;
}) {
  const fields = sections.flatMap((s) => s.fields);
  const saved = practice.settings[group] as Record<string, unknown> | undefined;
  const [draft, setDraft] = useState<Draft>(() => draftOf(fields, saved));
  const [localError, setLocalError] = useState<{ field: string; error: string } | null>(null);
  const pending = changes(fields, saved, draft);
  const dirty = "values" in pending ? Object.keys(pending.values).length > 0 : true;
  const serverFields = isProblem(change.error) ? change.error.fields : {};
  const errorOf = (key: string) => (localError?.field === key ? localError.error : serverFields[`values.${key}`]);
  const claimed = fields.some((f) => serverFields[`values.${f.key}`]);
  const set = (key: string, value: Draft[string]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setLocalError(null);
    change.reset();
  };
  const save = () => {
    const result = changes(fields, saved, draft);
    if ("error" in result) {
      setLocalError(result);
      return;
    }
    change.mutate({ version: practice.version, change: { kind: "settings", body: { group, values: result.values } } });
  };

  return (
    <form onSubmit={(e) => { e.preventDefault(); save(); }} noValidate aria-label={saveLabel}>
      <Stack maw={720}>
        {sections.map((section) => (
          <Paper key={section.title} withBorder p="md" component="section" aria-label={section.title}>
            <Stack>
              <Title order={2} size="h4">{section.title}</Title>
              {section.intro && <Text size="sm">{section.intro}</Text>}
              {section.fields.map((f) => (
                <SettingInput key={f.key} field={f} value={draft[f.key]} error={errorOf(f.key)}
                  disabled={f.needs !== undefined && draft[f.needs] !== true} onChange={(v) => set(f.key, v)} />
              ))}
            </Stack>
          </Paper>
        ))}
        <ProblemAlert error={claimed ? null : change.error} />
        {change.isSuccess && !dirty && <Text size="sm" role="status">Settings saved.</Text>}
        <Group>
          <Button type="submit" loading={change.isPending} disabled={!dirty}>{saveLabel}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function SettingInput({ field, value, error, disabled, onChange }: {
  field: SettingField;
  value: Draft[string] | undefined;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: Draft[string]) => void;
}) {
  if (field.kind === "switch") {
    return (
      <Switch label={field.label} description={field.description} checked={value === true} disabled={disabled}
        error={error} onChange={(e) => onChange(e.currentTarget.checked)} />
    );
  }
  if (field.kind === "number") {
    return (
      // No clamping: a value out of range is sent, and the service's refusal shows here.
      <NumberInput label={field.label} description={field.description} value={typeof value === "number" ? value : ""}
        min={field.min} max={field.max} clampBehavior="none" allowDecimal={false} allowNegative={field.min < 0}
        disabled={disabled} error={error} maw={480} onChange={(v) => onChange(typeof v === "number" ? v : "")} />
    );
  }
  return (
    <Radio.Group label={field.label} description={field.description} value={typeof value === "string" ? value : ""}
      error={error} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {field.options.map((o) => <Radio key={o.value} value={o.value} label={o.label} disabled={disabled} />)}
      </Stack>
    </Radio.Group>
  );
}
