import { Button, Checkbox, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";
import { useAddSessions } from "../api/add-sessions";
import { useBillableAppointments } from "../api/billable-appointments";
import { usePracticeMoney } from "../hooks/use-practice-money";

type Invoice = components["schemas"]["InvoiceView"];

/**
 * A draft's "Add sessions": the case's sessions no invoice bills yet (the service decides
 * which, and at what fee), ticked and added as lines. Added ones leave the list.
 */
export function InvoiceSessions({ invoice }: { invoice: Invoice }) {
  const { money, timezone } = usePracticeMoney();
  const sessions = useBillableAppointments(invoice.invoice_id);
  const add = useAddSessions(invoice.invoice_id);
  const [ticked, setTicked] = useState<string[]>([]);
  const items = sessions.data?.items ?? [];
  const chosen = ticked.filter((id) => items.some((s) => s.appointment_id === id));
  const toggle = (id: string, on: boolean) => setTicked((was) => (on ? [...was, id] : was.filter((t) => t !== id)));
  const submit = () => add.mutate(
    { version: invoice.version, appointmentIds: items.map((s) => s.appointment_id).filter((id) => chosen.includes(id)) },
    { onSettled: () => setTicked([]) },
  );
  return (
    <Paper withBorder p="md" component="section" aria-label="Add sessions">
      <Title order={3} size="h5" mb="xs">Add sessions</Title>
      {sessions.isPending ? <Loading label="Loading the sessions to invoice" />
        : sessions.error ? <ProblemAlert error={sessions.error} />
        : items.length ? (
          <Stack gap="sm" component="form" aria-label="Add sessions to this invoice" onSubmit={(e) => { e.preventDefault(); if (chosen.length) submit(); }}>
            <Table aria-label="Sessions to invoice">
              <Table.Thead>
                <Table.Tr><Table.Th w={40}><VisuallyHidden>Add</VisuallyHidden></Table.Th><Table.Th>Date and time</Table.Th><Table.Th>Service</Table.Th><Table.Th ta="right">Fee</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => {
                  const when = timezone ? formatPracticeDateTime(s.starts_at, timezone) : s.starts_local;
                  const charged = s.lines.map((l) => l.description).filter((d) => d !== s.service_name);
                  return (
                    <Table.Tr key={s.appointment_id}>
                      <Table.Td>
                        <Checkbox aria-label={`Add the session of ${when}`} checked={chosen.includes(s.appointment_id)}
                          onChange={(e) => toggle(s.appointment_id, e.currentTarget.checked)} />
                      </Table.Td>
                      <Table.Td>{when}</Table.Td>
                      <Table.Td>
                        {s.service_name ?? "Session"}
                        {charged.length ? <Text size="xs" c="dimmed">Charged as {charged.join(", ")}</Text> : null}
                        {s.provider_name ? <Text size="xs" c="dimmed">with {s.provider_name}</Text> : null}
                      </Table.Td>
                      <Table.Td ta="right">{money(s.amount_cents)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Group>
              <Button type="submit" variant="default" loading={add.isPending} disabled={!chosen.length}>
                {chosen.length > 1 ? `Add ${chosen.length} sessions` : "Add session"}
              </Button>
            </Group>
          </Stack>
        ) : <Empty>No sessions of this case are waiting to be invoiced.</Empty>}
      <ProblemAlert error={add.error} />
    </Paper>
  );
}
