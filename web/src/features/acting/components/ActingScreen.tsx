import { Alert, Button, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { useMe } from "@/lib/queries/me";
import { useActAs } from "../api/act-as";
import { useChangeDelegation, useDelegations } from "../api/delegations";
import { useClinicians, useStaffList } from "../api/people";

const ADMIN_ROLES = new Set(["coordinator", "scheduler", "billing"]);

/**
 * Working as a provider: the calendar, availability, billing and reminders become theirs,
 * while everything done is recorded as yours on their behalf. The banner at the top of every
 * screen says so until you stop. The owner decides which admins may act for whom.
 */
export function ActingScreen() {
  const me = useMe();
  const clinicians = useClinicians();
  const actAs = useActAs();
  const owner = me.data?.role === "owner";
  const acting = me.data?.acting_for;
  const name = (id: string) => {
    const c = clinicians.data?.items.find((p) => p.staff_id === id);
    return c ? `${c.given_name} ${c.family_name}` : "a provider";
  };
  const others = (clinicians.data?.items ?? []).filter((c) => c.staff_id !== me.data?.staff_id && c.status !== "deactivated");

  return (
    <Stack maw={860}>
      <PageTitle>Act as a provider</PageTitle>
      <Text size="sm">
        While you act as a provider you work on their calendar, availability, billing and reminders. You stay signed in as yourself, and every change is recorded as yours, made on their behalf.
      </Text>
      {acting && (
        <Alert color="grape" title={`You are acting as ${name(acting)}`} role="status">
          <Group justify="space-between">
            <Text size="sm">Stop when you are done: until then every screen works as theirs.</Text>
            <Button size="xs" color="grape" loading={actAs.isPending} onClick={() => actAs.mutate(null)}>Stop acting as {name(acting)}</Button>
          </Group>
        </Alert>
      )}
      <ProblemAlert error={actAs.error ?? clinicians.error} />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">Providers</Title>
        {clinicians.isPending ? <Loading label="Loading providers" /> : others.length ? (
          <Table aria-label="Providers you may act for">
            <Table.Thead><Table.Tr><Table.Th>Provider</Table.Th><Table.Th>Role</Table.Th><Table.Th>Action</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {others.map((c) => (
                <Table.Tr key={c.staff_id}>
                  <Table.Td>{c.given_name} {c.family_name}</Table.Td>
                  <Table.Td>{c.role === "associate" ? "Associate" : "Provider"}</Table.Td>
                  <Table.Td>
                    {acting === c.staff_id ? <Text size="sm" fw={600}>Acting now</Text> : (
                      <Button size="compact-sm" variant="default" loading={actAs.isPending && actAs.variables === c.staff_id} onClick={() => actAs.mutate(c.staff_id)}>
                        Act as {c.given_name} {c.family_name}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty>No other active providers.</Empty>}
        {!owner && <Text size="xs" mt="xs">You may act only for the providers the owner has allowed you to; the others are refused.</Text>}
      </Paper>
      {owner && <Delegations providerName={name} providers={others.map((c) => ({ value: c.staff_id, label: `${c.given_name} ${c.family_name}` }))} />}
    </Stack>
  );
}

function Delegations({ providers, providerName }: { providers: { value: string; label: string }[]; providerName: (id: string) => string }) {
  const delegations = useDelegations(true);
  const staff = useStaffList(true);
  const change = useChangeDelegation();
  const [admin, setAdmin] = useState<string | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const admins = (staff.data?.items ?? []).filter((s) => ADMIN_ROLES.has(s.role) && s.status !== "deactivated");
  const adminName = (id: string) => { const s = admins.find((a) => a.staff_id === id); return s ? `${s.given_name} ${s.family_name}` : "an admin"; };
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">Who else may act</Title>
        {delegations.isPending ? <Loading /> : delegations.data?.length ? (
          <Table aria-label="Admins allowed to act for providers">
            <Table.Thead><Table.Tr><Table.Th>Admin</Table.Th><Table.Th>May act for</Table.Th><Table.Th>Action</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {delegations.data.map((d) => (
                <Table.Tr key={`${d.admin_id}-${d.provider_id}`}>
                  <Table.Td>{adminName(d.admin_id ?? "")}</Table.Td>
                  <Table.Td>{providerName(d.provider_id ?? "")}</Table.Td>
                  <Table.Td><Button size="compact-xs" variant="subtle" color="red" onClick={() => change.mutate({ grant: false, adminId: d.admin_id ?? "", providerId: d.provider_id ?? "" })}>Revoke</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : <Empty>Only you may act for providers.</Empty>}
        <Group align="flex-end">
          <Select label="Admin" data={admins.map((a) => ({ value: a.staff_id, label: `${a.given_name} ${a.family_name}` }))} value={admin} onChange={setAdmin} w={220} comboboxProps={{ withinPortal: true }} />
          <Select label="May act for" data={providers} value={provider} onChange={setProvider} w={220} comboboxProps={{ withinPortal: true }} />
          <Button variant="default" disabled={!admin || !provider} loading={change.isPending}
            onClick={() => change.mutate({ grant: true, adminId: admin!, providerId: provider! }, { onSuccess: () => { setAdmin(null); setProvider(null); } })}>
            Allow
          </Button>
        </Group>
        <ProblemAlert error={change.error ?? staff.error} />
      </Stack>
    </Paper>
  );
}
