import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Timeline, Title } from "@mantine/core";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime, practiceInstant } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { type Point, useHistory } from "../api/history";
import { actorText, eventLabel, flatten } from "../history-format";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Any record as it was at a moment (the audit replay): its state then, and every change up to
 * it with who made it and for whom. The address carries the record's id only.
 */
export function HistoryScreen() {
  const [params, setParams] = useSearchParams();
  const zone = usePractice().data?.timezone;
  const record = params.get("record");
  const [typed, setTyped] = useState(record ?? "");
  const [date, setDate] = useState("");
  const [time, setTime] = useState("23:59");
  const [point, setPoint] = useState<Point>({});
  const history = useHistory(record && UUID.test(record) ? record : null, point);
  const show = () => {
    setParams(typed.trim() ? { record: typed.trim() } : {});
    setPoint(date && zone ? { asOf: practiceInstant({ date, time: time || "23:59" }, zone).toISOString() } : {});
  };
  const replayed = point.asOf !== undefined || point.version !== undefined;

  return (
    <Stack>
      <PageTitle>Record history</PageTitle>
      <form onSubmit={(e) => { e.preventDefault(); show(); }} aria-label="Which record, as of when">
        <Group align="flex-end">
          <TextInput label="Record id" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} w={360}
            error={typed && !UUID.test(typed.trim()) ? "A record id looks like 3f2a…-…: open History from the record's page" : undefined} />
          <TextInput type="date" label={`As of date (${zone ?? "practice time"})`} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <TextInput type="time" label="As of time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
          <Button type="submit">Show history</Button>
          {replayed && <Button variant="default" onClick={() => { setDate(""); setPoint({}); }}>Show as it is now</Button>}
        </Group>
      </form>
      <ProblemAlert error={history.error} />
      {!record ? <Text size="sm">Open “Record history” from a client's or case's page, or paste a record id.</Text>
        : history.isPending || !zone ? <Loading label="Replaying the record" /> : history.data ? (
          <Stack>
            <Group>
              <Title order={2} size="h3">{history.data.aggregate_type}</Title>
              <Badge variant="light">version {history.data.version}</Badge>
              <Text size="sm" role="status">
                {history.data.as_of ? `as of ${formatPracticeDateTime(history.data.as_of, zone)}` : point.version ? `as it was after change ${point.version}` : "as it is now"}
              </Text>
            </Group>
            <Paper withBorder p="md">
              <Title order={3} size="h4" mb="xs">State</Title>
              <Table aria-label="State at that time">
                <Table.Tbody>
                  {flatten(history.data.state).map((row) => (
                    <Table.Tr key={row.key}><Table.Th scope="row" w="35%">{row.label}</Table.Th><Table.Td>{row.value}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            <Paper withBorder p="md">
              <Title order={3} size="h4" mb="xs">Changes</Title>
              <Timeline active={history.data.events.length} bulletSize={14} lineWidth={2} aria-label="Changes">
                {history.data.events.map((e) => (
                  <Timeline.Item key={e.version} title={`${e.version}. ${eventLabel(e.event)}`}>
                    <Text size="sm">{formatPracticeDateTime(e.recorded_at, zone)} · by {actorText(e)}</Text>
                    {flatten(e.data).filter((r) => r.value !== "—").slice(0, 12).map((r) => (
                      <Text size="xs" key={r.key}>{r.label}: {r.value}</Text>
                    ))}
                    {e.version !== history.data.version && (
                      <Button size="compact-xs" variant="subtle" onClick={() => setPoint({ version: e.version })}>View the record after change {e.version}</Button>
                    )}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
          </Stack>
        ) : null}
    </Stack>
  );
}
