import { Badge, Button, Group, NumberInput, Paper, Stack, Switch, Table, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { useChangeCatalog, useServices } from "../api/catalog";
import { centsToInput, formatCents, parseDollars } from "../money";
import { SettingsNav } from "./SettingsNav";

type Service = components["schemas"]["ServiceView"];

/** Services with their CPT code, duration, fee and whether clients may book them online. */
export function ServicesSettings() {
  const services = useServices();
  return (
    <Stack>
      <PageTitle>Services</PageTitle>
      <SettingsNav />
      <ProblemAlert error={services.error} />
      {services.isPending ? <Loading label="Loading services" /> : services.data?.items.length ? (
        <Table aria-label="Services" maw={1000}>
          <Table.Thead><Table.Tr><Table.Th>Service</Table.Th><Table.Th>CPT code</Table.Th><Table.Th>Duration</Table.Th><Table.Th>Fee</Table.Th><Table.Th>Online booking</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{services.data.items.map((s) => <ServiceRow key={s.service_id} service={s} />)}</Table.Tbody>
        </Table>
      ) : <Empty>No services yet.</Empty>}
      <AddService />
    </Stack>
  );
}

function ServiceRow({ service }: { service: Service }) {
  const change = useChangeCatalog();
  const [fee, setFee] = useState(centsToInput(service.fee_cents));
  const [cpt, setCpt] = useState(service.cpt_code ?? "");
  const base = { id: service.service_id, version: service.version };
  const cents = parseDollars(fee);
  const fields = (change.error as { fields?: Record<string, string> } | null)?.fields ?? {};
  return (
    <>
      <Table.Tr>
        <Table.Td>{service.name} {service.retired && <Badge variant="light" color="gray">Retired</Badge>}</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <TextInput aria-label={`CPT code of ${service.name}`} value={cpt} onChange={(e) => setCpt(e.currentTarget.value)} w={90} error={fields.cpt_code} />
            {cpt !== (service.cpt_code ?? "") && <Button size="compact-xs" variant="default" onClick={() => change.mutate({ kind: "service-cpt", ...base, body: { cpt_code: cpt.trim() || null } })}>Save CPT</Button>}
          </Group>
        </Table.Td>
        <Table.Td>{service.duration_minutes} min</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <TextInput aria-label={`Fee of ${service.name} in dollars`} value={fee} onChange={(e) => setFee(e.currentTarget.value)} w={100}
              error={cents === null ? "Dollars and cents, such as 150.00" : fields.fee_cents} />
            {cents !== null && cents !== service.fee_cents && (
              <Button size="compact-xs" variant="default" onClick={() => change.mutate({ kind: "service-fee", ...base, body: { fee_cents: cents } })}>
                Save fee ({formatCents(cents, service.currency)})
              </Button>
            )}
          </Group>
        </Table.Td>
        <Table.Td>
          <Switch aria-label={`${service.name} bookable online`} checked={service.bookable_online} disabled={service.retired}
            onChange={(e) => change.mutate({ kind: "service-online", ...base, body: { bookable_online: e.currentTarget.checked } })} />
        </Table.Td>
        <Table.Td>
          {!service.retired && <Button size="compact-xs" variant="subtle" color="red" onClick={() => change.mutate({ kind: "retire-service", ...base })}>Retire {service.name}</Button>}
        </Table.Td>
      </Table.Tr>
      {change.error && !Object.keys(fields).length ? (
        <Table.Tr><Table.Td colSpan={6}><ProblemAlert error={change.error} /></Table.Td></Table.Tr>
      ) : null}
    </>
  );
}

function AddService() {
  const change = useChangeCatalog();
  const [name, setName] = useState("");
  const [cpt, setCpt] = useState("");
  const [minutes, setMinutes] = useState<string | number>(50);
  const [fee, setFee] = useState("");
  const cents = parseDollars(fee);
  const fields = (change.error as { fields?: Record<string, string> } | null)?.fields ?? {};
  const submit = () =>
    change.mutate(
      { kind: "add-service", body: { name: name.trim(), cpt_code: cpt.trim() || null, duration_minutes: Number(minutes), fee_cents: cents ?? 0 } },
      { onSuccess: () => { setName(""); setCpt(""); setFee(""); } },
    );
  return (
    <Paper withBorder p="md" maw={1000}>
      <Stack gap="xs">
        <Title order={2} size="h4">Add a service</Title>
        <Group align="flex-start">
          <TextInput label="Service name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fields.name} />
          <TextInput label="CPT code" value={cpt} onChange={(e) => setCpt(e.currentTarget.value)} w={110} error={fields.cpt_code} />
          <NumberInput label="Duration (minutes)" value={minutes} onChange={setMinutes} min={5} max={480} w={150} error={fields.duration_minutes} />
          <TextInput label="Fee (dollars)" value={fee} onChange={(e) => setFee(e.currentTarget.value)} w={130}
            error={fee && cents === null ? "Dollars and cents, such as 150.00" : fields.fee_cents} />
        </Group>
        <ProblemAlert error={Object.keys(fields).length ? null : change.error} />
        <Group><Button disabled={!name.trim() || cents === null} loading={change.isPending} onClick={submit}>Add service</Button></Group>
      </Stack>
    </Paper>
  );
}
