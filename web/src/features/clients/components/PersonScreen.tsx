import { Anchor, Badge, Grid, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { caseKindLabel, caseName } from "@/lib/case-kinds";
import { useMe } from "@/lib/queries/me";
import { LIFECYCLE_STATUSES, casePath, contactTypeLabel, historyPath } from "@/lib/record-paths";
import type { components } from "@/lib/api/schema";
import { useChangePerson } from "../api/change-person";
import { usePerson } from "../api/get-person";
import { usePersonCases } from "../api/person-cases";
import { ContactDetails } from "./ContactDetails";
import { PersonAppointments } from "./PersonAppointments";
import { Relations } from "./Relations";

type Status = components["schemas"]["LifecycleStatus"];

/**
 * One person: contact details, status, relationships and helper roles, cases, appointments.
 * `summary` (the workflow summary, from another feature) goes at the top, under the name;
 * `billing` (their account as a payer) and `documents` (their billing documents), from other
 * features, at the bottom.
 */
export function PersonScreen({ summary, billing, documents }: { summary?: ReactNode; billing?: ReactNode; documents?: ReactNode } = {}) {
  const { personId = "" } = useParams();
  const person = usePerson(personId);
  const me = useMe();

  if (person.isPending) return <><PageTitle>Client</PageTitle><Loading label="Loading the client" /></>;
  if (!person.data) return <><PageTitle>Client</PageTitle><ProblemAlert error={person.error} /></>;
  const p = person.data;
  return (
    <Stack>
      {/* The document title names the screen only; the person's name is in the page. */}
      <PageTitle>Client</PageTitle>
      <Group justify="space-between">
        <Group>
          <Title order={2} size="h3">{p.display_name}</Title>
          <Badge variant="light">{p.kind === "organisation" ? "Organisation" : contactTypeLabel(p.contact_type)}</Badge>
        </Group>
        {me.data?.role === "owner" && <Anchor component={Link} to={historyPath(p.person_id)}>History of this record</Anchor>}
      </Group>
      {summary}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ContactDetails person={p} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <StatusCard person={p} />
            <Relations person={p} />
          </Stack>
        </Grid.Col>
      </Grid>
      <PersonCases personId={p.person_id} />
      <PersonAppointments personId={p.person_id} />
      {billing}
      {documents}
    </Stack>
  );
}

function StatusCard({ person }: { person: components["schemas"]["PersonView"] }) {
  const change = useChangePerson(person.person_id);
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} size="h4">Status</Title>
        <Select
          label="Lifecycle status"
          data={LIFECYCLE_STATUSES.map((s) => ({ ...s }))}
          value={person.status}
          allowDeselect={false}
          disabled={change.isPending}
          onChange={(status) => status && status !== person.status && change.mutate({ version: person.version, change: { kind: "status", body: { status: status as Status } } })}
          w={240}
        />
        {person.reminders_opted_out && <Text size="sm">Opted out of reminders.</Text>}
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}

function PersonCases({ personId }: { personId: string }) {
  const cases = usePersonCases(personId);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">Cases</Title>
        <Anchor component={Link} to="/clients/cases/new" state={{ personId }}>Open a case</Anchor>
      </Group>
      <ProblemAlert error={cases.error} />
      {cases.isPending ? <Loading label="Loading cases" /> : cases.data?.items.length ? (
        <Table aria-label="Cases">
          <Table.Thead><Table.Tr><Table.Th>Case</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Status</Table.Th><Table.Th>Opened</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {cases.data.items.map((c) => (
              <Table.Tr key={c.case_id}>
                <Table.Td><Anchor component={Link} to={casePath(c.case_id)}>{caseName(c)}</Anchor></Table.Td>
                <Table.Td>{caseKindLabel(c.kind)}</Table.Td>
                <Table.Td>{c.status === "open" ? "Open" : "Closed"}</Table.Td>
                <Table.Td>{c.opened_on}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Empty>No cases yet.</Empty>}
    </Paper>
  );
}
