import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { formatPracticeDateTime, practiceInstant } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { historyPath } from "@/lib/record-paths";
import { type AccessLogFilter, useAccessLog, useStaffNames } from "../api/access-log";
import { eventLabel } from "../history-format";
import { dayRange } from "../day-range";

/** The owner's access log: every read of a clinical or billing record, newest first. */
export function AccessLogScreen() {
  const zone = usePractice().data?.timezone;
  const staff = useStaffNames();
  const [actor, setActor] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const range = zone ? dayRange(from, to, (date) => practiceInstant({ date, time: "00:00" }, zone).toISOString()) : {};
  const filter: AccessLogFilter = { actor_id: actor ?? undefined, ...range, cursor: cursors.at(-1) };
  const log = useAccessLog(filter);
  const names = new Map((staff.data?.items ?? []).map((s) => [s.staff_id, `${s.given_name} ${s.family_name}`]));
  const who = (id: string | null | undefined) => (id ? names.get(id) ?? "someone outside the staff list" : "");

  return (
    <Stack>
      <PageTitle>Access log</PageTitle>
      <Text size="sm" maw={760}>Every time someone on staff opened a client's record, a note, a bill or a history, with the address they came from and whom they acted for.</Text>
      <Group align="flex-end">
        <Select label="Who" placeholder="Everyone" clearable data={[...names].map(([value, label]) => ({ value, label }))} value={actor}
          onChange={(v) => { setActor(v); setCursors([]); }} w={240} comboboxProps={{ withinPortal: true }} />
        <TextInput type="date" label={`From (${zone ?? "practice time"})`} value={from} onChange={(e) => { setFrom(e.currentTarget.value); setCursors([]); }} />
        <TextInput type="date" label="To (inclusive)" value={to} onChange={(e) => { setTo(e.currentTarget.value); setCursors([]); }} />
      </Group>
      <ProblemAlert error={log.error} />
      {log.isPending || !zone ? <Loading label="Loading the access log" /> : log.data?.items.length ? (
        <>
          <Table aria-label="Access log" striped>
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Who</Table.Th><Table.Th>For</Table.Th><Table.Th>What</Table.Th><Table.Th>Record</Table.Th><Table.Th>From</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {log.data.items.map((e) => (
                <Table.Tr key={e.entry_id}>
                  <Table.Td>{formatPracticeDateTime(e.at, zone)}</Table.Td>
                  <Table.Td>{who(e.actor_id)}</Table.Td>
                  <Table.Td>{who(e.on_behalf_of)}</Table.Td>
                  <Table.Td>{eventLabel(e.action)} · {e.category}</Table.Td>
                  <Table.Td>
                    {e.resource_type}
                    {e.resource_id && <> · <Anchor component={Link} to={historyPath(e.resource_id)} aria-label={`History of this ${e.resource_type}`}>history</Anchor></>}
                  </Table.Td>
                  <Table.Td>{e.address ?? ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button variant="default" size="xs" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>Newer</Button>
            <Button variant="default" size="xs" disabled={!log.data.next_cursor} onClick={() => setCursors((c) => [...c, log.data!.next_cursor!])}>Older</Button>
          </Group>
        </>
      ) : <Empty>No access recorded for this choice.</Empty>}
    </Stack>
  );
}
