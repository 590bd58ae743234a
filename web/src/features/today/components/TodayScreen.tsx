import { Anchor, Badge, Group, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { formatPracticeTimeRange, wallClock } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { useDaySchedule } from "../api/get-day-schedule";
import { statusLabel } from "@/lib/appointment-status";
import { sessionNotePath } from "@/lib/work-paths";

/** Today's appointments in the practice, in practice time. */
export function TodayScreen() {
  const practice = usePractice();
  const zone = practice.data?.timezone;
  const today = zone ? wallClock(new Date(), zone).date : undefined;
  const schedule = useDaySchedule(today);

  return (
    <Stack>
      <PageTitle>Today</PageTitle>
      <ProblemAlert error={practice.error ?? schedule.error} />
      {!zone || schedule.isPending ? (
        <Loading label="Loading today's appointments" />
      ) : schedule.data?.items.length ? (
        <Table aria-label="Today's appointments" striped>
          <Table.Thead>
            <Table.Tr><Table.Th>Time</Table.Th><Table.Th>Case</Table.Th><Table.Th>Provider</Table.Th><Table.Th>Status</Table.Th><Table.Th>Note</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedule.data.items.map((a) => (
              <Table.Tr key={a.appointment_id}>
                <Table.Td>{formatPracticeTimeRange(a.starts_at, a.ends_at, zone)}</Table.Td>
                <Table.Td>{a.case_label} <Text span c="dimmed" size="sm">({a.case_kind_label})</Text></Table.Td>
                <Table.Td>{a.provider_name ?? ""}</Table.Td>
                <Table.Td><Group gap={4}><Badge variant="light" color={a.status === "scheduled" || a.status === "confirmed" ? "blue" : "gray"}>{statusLabel(a.status)}</Badge>{a.late && <Badge color="red" variant="light">late</Badge>}</Group></Table.Td>
                <Table.Td>{a.status === "completed" && <Anchor component={Link} to={sessionNotePath(a.appointment_id)} aria-label={`Session note, ${formatPracticeTimeRange(a.starts_at, a.ends_at, zone)}`}>Note</Anchor>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>No appointments today.</Empty>
      )}
    </Stack>
  );
}
