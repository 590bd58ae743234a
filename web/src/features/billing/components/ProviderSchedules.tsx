import { Button, Group, NumberInput, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { useProviders } from "../api/providers";
import { useSetProviderSchedule } from "../api/settings";
import { type Schedule, scheduleLabel, WEEKDAYS } from "../labels";

type Settings = components["schemas"]["BillingSettingsView"];

/** When each provider's sessions are invoiced (for payers not on daily AutoPay). */
export function ProviderSchedules({ settings }: { settings: Settings }) {
  const providers = useProviders();
  const fallback = settings.default_schedule as Schedule;
  return (
    <Paper withBorder p="md" component="section" aria-label="Provider billing schedules">
      <Stack>
        <Title order={2} size="h4">Provider billing schedules</Title>
        <Text size="sm">Without a schedule of their own, a provider's sessions are invoiced {scheduleLabel(fallback).toLowerCase()}.</Text>
        <ProblemAlert error={providers.error} />
        {providers.isPending ? <Loading label="Loading providers" /> : providers.data?.length ? (
          <Table aria-label="Provider billing schedules">
            <Table.Thead><Table.Tr><Table.Th>Provider</Table.Th><Table.Th>Invoiced</Table.Th><Table.Th>Change</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {providers.data.map((p) => {
                const name = `${p.given_name} ${p.family_name}`;
                const current = (settings.schedules[p.staff_id] as Schedule | undefined) ?? fallback;
                return (
                  <Table.Tr key={p.staff_id}>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>{scheduleLabel(current)}</Table.Td>
                    <Table.Td><ScheduleEditor key={JSON.stringify(current)} providerId={p.staff_id} name={name} current={current} /></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : <Empty>No providers yet.</Empty>}
      </Stack>
    </Paper>
  );
}

function ScheduleEditor({ providerId, name, current }: { providerId: string; name: string; current: Schedule }) {
  const set = useSetProviderSchedule();
  const [frequency, setFrequency] = useState(current.frequency);
  const [weekday, setWeekday] = useState(String(current.weekday ?? 0));
  const [day, setDay] = useState<string | number>(current.day ?? 1);
  const save = () => set.mutate({
    provider_id: providerId, frequency: frequency as "daily" | "weekly" | "monthly",
    weekday: frequency === "weekly" ? Number(weekday) : null,
    day: frequency === "monthly" ? Number(day) : null,
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select aria-label={`Schedule of ${name}`} w={120} allowDeselect={false} value={frequency} onChange={(v) => v && setFrequency(v)}
          data={[{ value: "daily", label: "Daily" }, { value: "weekly", label: "Weekly" }, { value: "monthly", label: "Monthly" }]} />
        {frequency === "weekly" && <Select aria-label={`Weekday for ${name}`} w={140} allowDeselect={false} value={weekday} onChange={(v) => v && setWeekday(v)}
          data={WEEKDAYS.map((w, i) => ({ value: String(i), label: w }))} />}
        {frequency === "monthly" && <NumberInput aria-label={`Day of the month for ${name}`} w={90} min={1} max={28} value={day} onChange={setDay} />}
        <Button size="xs" variant="default" loading={set.isPending} onClick={save}>Save schedule</Button>
      </Group>
      <ProblemAlert error={set.error} />
    </Stack>
  );
}
