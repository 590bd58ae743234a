import { Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { PersonPicker } from "@/components/people/PersonPicker";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import type { components } from "@/lib/api/schema";
import { personPath } from "@/lib/record-paths";
import { useChangePerson } from "../api/change-person";
import { usePeopleById } from "../api/get-person";
import { HELPER_ROLES, RELATIONSHIP_KINDS, helperRoleLabel, helperRows, relationshipLabel } from "../relations";

type Person = components["schemas"]["PersonView"];
type RelationshipKind = components["schemas"]["RelationshipKind"];
type HelperRole = components["schemas"]["HelperRole"];

/** Who this person is related to, and who helps them in which role. */
export function Relations({ person }: { person: Person }) {
  const change = useChangePerson(person.person_id);
  const others = [...new Set([...Object.keys(person.relationships), ...Object.keys(person.helpers)])];
  const people = usePeopleById(others);
  const nameOf = (id: string) => people[others.indexOf(id)]?.data?.display_name ?? "…";
  const rows = helperRows(person.helpers, person.verified_representatives);
  const run = (c: Parameters<typeof change.mutate>[0]["change"]) => change.mutate({ version: person.version, change: c });

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">Relationships</Title>
        {Object.keys(person.relationships).length ? (
          <Table aria-label="Relationships">
            <Table.Thead><Table.Tr><Table.Th>Person</Table.Th><Table.Th>Is this person's</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {Object.entries(person.relationships).map(([id, kind]) => (
                <Table.Tr key={id}>
                  <Table.Td><Anchor component={Link} to={personPath(id)}>{nameOf(id)}</Anchor></Table.Td>
                  <Table.Td>{relationshipLabel(kind)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty>No relationships recorded.</Empty>}
        <AddLink
          exclude={[person.person_id]}
          pickLabel="Related person"
          kindLabel="Relationship"
          kinds={RELATIONSHIP_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          action="Add relationship"
          busy={change.isPending}
          onAdd={(other, kind) => run({ kind: "relationship", body: { other_person_id: other, relationship: kind as RelationshipKind } })}
        />

        <Title order={3} size="h4">Helpers</Title>
        {rows.length ? (
          <Table aria-label="Helpers">
            <Table.Thead><Table.Tr><Table.Th>Helper</Table.Th><Table.Th>Roles</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.helperId}>
                  <Table.Td><Anchor component={Link} to={personPath(row.helperId)}>{nameOf(row.helperId)}</Anchor></Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {row.roles.map((r) => <Badge key={r} variant="light">{helperRoleLabel(r)}</Badge>)}
                      {row.roles.includes("representative") && <Badge variant="light" color={row.verified ? "blue" : "orange"}>{row.verified ? "verified" : "not verified"}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {row.roles.includes("representative") && !row.verified && (
                        <Button size="compact-xs" variant="default" onClick={() => run({ kind: "verify", body: { helper_id: row.helperId } })}>Verify representative</Button>
                      )}
                      {row.roles.map((r) => (
                        <Button key={r} size="compact-xs" variant="subtle" color="red" aria-label={`Remove ${helperRoleLabel(r)} role`} onClick={() => run({ kind: "remove-helper", body: { helper_id: row.helperId, role: r as HelperRole } })}>
                          Remove {helperRoleLabel(r).toLowerCase()}
                        </Button>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty>No helpers.</Empty>}
        <AddLink
          exclude={[person.person_id]}
          pickLabel="Helper"
          kindLabel="Helper role"
          kinds={HELPER_ROLES.map((r) => ({ value: r.value, label: `${r.label}: ${r.hint}` }))}
          action="Add helper"
          busy={change.isPending}
          onAdd={(other, role) => run({ kind: "helper", body: { helper_id: other, role: role as HelperRole } })}
        />
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}

function AddLink({ exclude, pickLabel, kindLabel, kinds, action, busy, onAdd }: {
  exclude: string[]; pickLabel: string; kindLabel: string; kinds: { value: string; label: string }[];
  action: string; busy: boolean; onAdd: (other: string, kind: string) => void;
}) {
  const [other, setOther] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  return (
    <Group align="flex-end" wrap="wrap">
      <PersonPicker label={pickLabel} value={other} onChange={(id) => setOther(id)} exclude={exclude} />
      <Select label={kindLabel} data={kinds} value={kind} onChange={setKind} w={260} comboboxProps={{ withinPortal: true }} />
      <Button variant="default" disabled={!other || !kind} loading={busy} onClick={() => { onAdd(other!, kind!); setOther(null); setKind(null); }}>
        {action}
      </Button>
      <Text size="xs" c="dimmed" w="100%">Not on file yet? Add them with “New person” first.</Text>
    </Group>
  );
}
