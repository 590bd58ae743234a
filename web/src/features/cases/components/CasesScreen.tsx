import { Anchor, Badge, Button, Group, Select, Stack, Table } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { CASE_KINDS, caseKindLabel, caseName } from "@/lib/case-kinds";
import { casePath } from "@/lib/record-paths";
import { useCases } from "../api/list-cases";

type Kind = components["schemas"]["CaseKind"];

/** Every case the caller may see, by kind and open or closed. */
export function CasesScreen() {
  const [kind, setKind] = useState<Kind | null>(null);
  const [status, setStatus] = useState<"open" | "closed" | null>("open");
  const [cursors, setCursors] = useState<string[]>([]);
  const cases = useCases({ kind: kind ?? undefined, status: status ?? undefined, cursor: cursors.at(-1) });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle>Cases</PageTitle>
        <Button component={Link} to="/clients/cases/new">New case</Button>
      </Group>
      <Group align="flex-end">
        <Select label="Kind" placeholder="Any kind" clearable data={CASE_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          value={kind} onChange={(v) => { setKind(v as Kind | null); setCursors([]); }} w={220} />
        <Select label="Status" placeholder="Open and closed" clearable data={[{ value: "open", label: "Open" }, { value: "closed", label: "Closed" }]}
          value={status} onChange={(v) => { setStatus(v as "open" | "closed" | null); setCursors([]); }} w={200} />
      </Group>
      <ProblemAlert error={cases.error} />
      {cases.isPending ? <Loading label="Loading cases" /> : cases.data?.items.length ? (
        <>
          <Table aria-label="Cases" striped highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>Case</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Participants</Table.Th><Table.Th>Status</Table.Th><Table.Th>Opened</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {cases.data.items.map((c) => (
                <Table.Tr key={c.case_id}>
                  <Table.Td><Anchor component={Link} to={casePath(c.case_id)}>{caseName(c)}</Anchor></Table.Td>
                  <Table.Td>{caseKindLabel(c.kind)}</Table.Td>
                  <Table.Td>{c.participants.filter((p) => !p.left_on).length}</Table.Td>
                  <Table.Td><Badge variant="light" color={c.status === "open" ? "blue" : "gray"}>{c.status === "open" ? "Open" : "Closed"}</Badge></Table.Td>
                  <Table.Td>{c.opened_on}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button variant="default" size="xs" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous page</Button>
            <Button variant="default" size="xs" disabled={!cases.data.next_cursor} onClick={() => setCursors((c) => [...c, cases.data!.next_cursor!])}>Next page</Button>
          </Group>
        </>
      ) : <Empty>{kind || status ? "No cases match." : "No cases yet."}</Empty>}
    </Stack>
  );
}
