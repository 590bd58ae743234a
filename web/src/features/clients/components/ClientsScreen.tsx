import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { LIFECYCLE_STATUSES, contactTypeLabel, lifecycleLabel, personPath } from "@/lib/record-paths";
import { usePeople } from "../api/list-people";
import { parseSearch, searchDescription } from "../search";

type Status = components["schemas"]["LifecycleStatus"];

/**
 * Everyone the practice keeps a record of. The search and filter stay in the screen, never in
 * the address bar: a name typed here must not end up in browser history.
 */
export function ClientsScreen() {
  const [text, setText] = useState("");
  const [status, setStatus] = useState<Status | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const [debounced] = useDebouncedValue(text, 300);
  const search = parseSearch(debounced);
  const people = usePeople({ ...search, status: status ?? undefined, cursor: cursors.at(-1) });
  const reset = () => setCursors([]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle>Clients</PageTitle>
        <Group>
          <Button component={Link} to="/clients/people/new">New person</Button>
          <Button component={Link} to="/clients/cases/new" variant="default">New case</Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          description="The start of a name, or an exact email address"
          value={text}
          onChange={(e) => { setText(e.currentTarget.value); reset(); }}
          w={340}
          type="search"
          autoComplete="off"
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={LIFECYCLE_STATUSES.map((s) => ({ value: s.value, label: s.label }))}
          value={status}
          onChange={(v) => { setStatus(v as Status | null); reset(); }}
          w={200}
        />
      </Group>
      <ProblemAlert error={people.error} />
      {people.isPending ? (
        <Loading label="Loading clients" />
      ) : people.data?.items.length ? (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            Showing {searchDescription(search)}{status ? `, ${lifecycleLabel(status).toLowerCase()}` : ""}.
          </Text>
          <Table aria-label="People" striped highlightOnHover>
            <Table.Thead>
              <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Type</Table.Th><Table.Th>Status</Table.Th><Table.Th>Email</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.data.items.map((p) => (
                <Table.Tr key={p.person_id}>
                  <Table.Td><Anchor component={Link} to={personPath(p.person_id)}>{p.display_name}</Anchor></Table.Td>
                  <Table.Td>{p.kind === "organisation" ? "Organisation" : contactTypeLabel(p.contact_type)}</Table.Td>
                  <Table.Td><Badge variant="light" color={p.status === "active" ? "blue" : "gray"}>{lifecycleLabel(p.status)}</Badge></Table.Td>
                  <Table.Td>{primary(p.emails)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button variant="default" size="xs" disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous page</Button>
            <Button variant="default" size="xs" disabled={!people.data.next_cursor} onClick={() => setCursors((c) => [...c, people.data!.next_cursor!])}>Next page</Button>
          </Group>
        </>
      ) : (
        <Empty>{debounced.trim() || status ? "Nobody matches this search." : "No clients yet. Add the first person with “New person”."}</Empty>
      )}
    </Stack>
  );
}

function primary(emails: Record<string, unknown>[]): string {
  const chosen = emails.find((e) => e.primary) ?? emails[0];
  return typeof chosen?.address === "string" ? chosen.address : "";
}
