import { Button, Group, List, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import type { components } from "@/lib/api/schema";
import { useChangeCase } from "../api/change-case";
import { clinicianName, useClinicians } from "../api/get-clinicians";

type Case = components["schemas"]["CaseView"];

/** The case's providers (rendering clinicians) and its case-level supervisor. */
export function ProvidersCard({ theCase }: { theCase: Case }) {
  const clinicians = useClinicians();
  const change = useChangeCase(theCase.case_id);
  const [adding, setAdding] = useState<string | null>(null);
  const all = clinicians.data?.items ?? [];
  const name = (id: string) => { const c = all.find((x) => x.staff_id === id); return c ? clinicianName(c) : "…"; };
  const options = all.filter((c) => c.status !== "deactivated").map((c) => ({ value: c.staff_id, label: clinicianName(c) }));
  const run = (c: Parameters<typeof change.mutate>[0]["change"]) => change.mutate({ version: theCase.version, change: c });
  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="xs">
        <Title order={3} size="h4">Providers and supervisor</Title>
        {theCase.provider_ids.length ? (
          <List size="sm" aria-label="Providers">
            {theCase.provider_ids.map((id) => (
              <List.Item key={id}>
                <Group gap="xs">{name(id)}
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => run({ kind: "unassign-provider", body: { provider_id: id } })}>Unassign {name(id)}</Button>
                </Group>
              </List.Item>
            ))}
          </List>
        ) : <Text size="sm" c="dimmed">No provider yet.</Text>}
        <Group align="flex-end">
          <Select label="Assign a provider" data={options.filter((o) => !theCase.provider_ids.includes(o.value))} value={adding} onChange={setAdding} w={240} comboboxProps={{ withinPortal: true }} />
          <Button variant="default" disabled={!adding} onClick={() => { run({ kind: "assign-provider", body: { provider_id: adding! } }); setAdding(null); }}>Assign</Button>
        </Group>
        <Select
          label="Case supervisor"
          description="Overrides the provider's default supervisor for this case"
          placeholder="None"
          clearable
          data={options}
          value={theCase.supervisor_id}
          onChange={(id) => run({ kind: "supervisor", body: { supervisor_id: id } })}
          w={280}
          comboboxProps={{ withinPortal: true }}
        />
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}
