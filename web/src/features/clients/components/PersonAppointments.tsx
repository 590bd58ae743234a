import { Anchor, Badge, Paper, Table, Tabs, Title } from "@mantine/core";
import { Link } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { statusLabel } from "@/lib/appointment-status";
import { formatPracticeDateTime, formatPracticeTimeRange } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { casePath } from "@/lib/record-paths";
import { type When, usePersonAppointments } from "../api/person-appointments";

export function PersonAppointments({ personId }: { personId: string }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">Appointments</Title>
      <Tabs defaultValue="upcoming">
        <Tabs.List>
          <Tabs.Tab value="upcoming">Upcoming</Tabs.Tab>
          <Tabs.Tab value="past">Past</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="upcoming" pt="xs"><AppointmentList personId={personId} when="upcoming" /></Tabs.Panel>
        <Tabs.Panel value="past" pt="xs"><AppointmentList personId={personId} when="past" /></Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

function AppointmentList({ personId, when }: { personId: string; when: When }) {
  const appointments = usePersonAppointments(personId, when);
  const zone = usePractice().data?.timezone;
  if (appointments.isPending || !zone) return <Loading label={`Loading ${when} appointments`} />;
  if (appointments.error) return <ProblemAlert error={appointments.error} />;
  if (!appointments.data.items.length) return <Empty>{when === "upcoming" ? "No upcoming appointments." : "No past appointments."}</Empty>;
  return (
    <Table aria-label={when === "upcoming" ? "Upcoming appointments" : "Past appointments"}>
      <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Time</Table.Th><Table.Th>Case</Table.Th><Table.Th>Provider</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {appointments.data.items.map((a) => (
          <Table.Tr key={a.appointment_id}>
            <Table.Td>{formatPracticeDateTime(a.starts_at, zone)}</Table.Td>
            <Table.Td>{formatPracticeTimeRange(a.starts_at, a.ends_at, zone)}</Table.Td>
            <Table.Td><Anchor component={Link} to={casePath(a.case_id)}>{a.case_label}</Anchor></Table.Td>
            <Table.Td>{a.provider_name ?? ""}</Table.Td>
            <Table.Td><Badge variant="light" color="gray">{statusLabel(a.status)}</Badge></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
