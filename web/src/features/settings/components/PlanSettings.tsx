import { Alert, Button, Group, Paper, Radio, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { useChangePractice, useFreshPractice } from "../api/practice";
import { useStaff } from "../api/staff";
import { PLANS, seatRows } from "../plans";
import { SettingsNav } from "./SettingsNav";

const SEAT_WORDS = { clinician: "Clinician seats (owner and providers)", associate: "Associate seats", admin: "Admin seats (coordinator, scheduler, billing)" };

/** The plan, what it includes, the seats in use, and changing plan (the service checks the limits). */
export function PlanSettings() {
  const practice = useFreshPractice();
  const staff = useStaff();
  const change = useChangePractice();
  const [plan, setPlan] = useState<string | null>(null);
  if (practice.isPending || staff.isPending) return <><PageTitle>Plan and seats</PageTitle><SettingsNav /><Loading label="Loading the plan" /></>;
  if (!practice.data) return <><PageTitle>Plan and seats</PageTitle><SettingsNav /><ProblemAlert error={practice.error} /></>;
  const current = practice.data.plan;
  const chosen = plan ?? current;
  const rows = seatRows(current, staff.data?.items ?? []);
  return (
    <Stack>
      <PageTitle>Plan and seats</PageTitle>
      <SettingsNav />
      <Paper withBorder p="md" maw={820}>
        <Stack>
          <Title order={2} size="h4">Seats on the {PLANS.find((p) => p.value === current)?.label ?? current} plan</Title>
          <Table aria-label="Seats">
            <Table.Thead><Table.Tr><Table.Th>Seat</Table.Th><Table.Th>In use</Table.Th><Table.Th>Plan allows</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.seat}>
                  <Table.Td>{SEAT_WORDS[r.seat]}</Table.Td>
                  <Table.Td>{r.used}{r.extraBilled ? ` (${r.extraBilled} beyond the included, billed)` : ""}</Table.Td>
                  <Table.Td>{r.allowed === null ? "Any number" : r.allowed === 0 ? "None" : r.allowed}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm">Invited staff hold their seat until they are deactivated.</Text>
        </Stack>
      </Paper>
      <Paper withBorder p="md" maw={820}>
        <Stack>
          <Radio.Group label="Plan" value={chosen} onChange={setPlan}>
            <Stack mt="xs" gap="xs">
              {PLANS.map((p) => (
                <Radio key={p.value} value={p.value} label={p.label}
                  description={`${p.clients}; ${p.value === "group" ? "2 clinicians included, more billed" : p.value === "archive" ? "every read and export works, every write is refused" : `${p.seats.clinician} clinician${p.seats.associate === 0 ? ", no associates or admins" : ", associates and admins"}`}`} />
              ))}
            </Stack>
          </Radio.Group>
          {chosen === "archive" && chosen !== current && <Alert color="yellow" title="Archiving pauses the practice">Nothing can be changed until you resume; reading and exporting keep working.</Alert>}
          <ProblemAlert error={change.error} />
          {change.isSuccess && <Text size="sm" role="status">The plan is now {PLANS.find((p) => p.value === current)?.label}.</Text>}
          <Group>
            <Button disabled={chosen === current} loading={change.isPending}
              onClick={() => change.mutate({ version: practice.data!.version, change: { kind: "plan", body: { plan: chosen as components["schemas"]["Plan"] } } }, { onSuccess: () => setPlan(null) })}>
              Change plan
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
