import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { PersonPicker } from "@/components/people/PersonPicker";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import type { components } from "@/lib/api/schema";
import { usePeopleById } from "@/lib/queries/person";
import { personPath } from "@/lib/record-paths";
import { roomForParticipant } from "../case-form";
import { useChangeCase } from "../api/change-case";

type Case = components["schemas"]["CaseView"];

/** Participants with their join and leave dates, and who pays: the case's and each participant's billing contact. */
export function Participants({ theCase }: { theCase: Case }) {
  const change = useChangeCase(theCase.case_id);
  const payers = [...new Set([theCase.billing_contact_id, ...theCase.participants.map((p) => p.billing_contact_id)].filter((x): x is string => Boolean(x)))];
  const payerPeople = usePeopleById(payers);
  const payerName = (id: string) => payerPeople[payers.indexOf(id)]?.data?.display_name ?? "…";
  const [adding, setAdding] = useState<string | null>(null);
  const [joined, setJoined] = useState("");
  const [payer, setPayer] = useState<string | null>(null);
  const [payerFor, setPayerFor] = useState<string | null>(null);
  const current = theCase.participants.filter((p) => !p.left_on);
  const run = (c: Parameters<typeof change.mutate>[0]["change"]) => change.mutate({ version: theCase.version, change: c });

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">Participants</Title>
        <Table aria-label="Participants">
          <Table.Thead><Table.Tr><Table.Th>Person</Table.Th><Table.Th>Joined</Table.Th><Table.Th>Left</Table.Th><Table.Th>Billing contact</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {theCase.participants.map((p) => (
              <Table.Tr key={p.person_id}>
                <Table.Td><Anchor component={Link} to={personPath(p.person_id)}>{p.display_name ?? "Participant"}</Anchor></Table.Td>
                <Table.Td>{p.joined_on}</Table.Td>
                <Table.Td>{p.left_on ?? "—"}</Table.Td>
                <Table.Td>{p.billing_contact_id ? <Anchor component={Link} to={personPath(p.billing_contact_id)}>{payerName(p.billing_contact_id)}</Anchor> : "—"}</Table.Td>
                <Table.Td>
                  {!p.left_on && (
                    <Group gap={4}>
                      <Button size="compact-xs" variant="default" onClick={() => setPayerFor(p.person_id)}>Set billing contact</Button>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => run({ kind: "remove-participant", body: { person_id: p.person_id } })}>
                        Remove {p.display_name ?? "participant"}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {roomForParticipant(theCase.kind, current.length) && theCase.status === "open" && (
          <Group align="flex-end">
            <PersonPicker label="Add a participant" value={adding} onChange={(id) => setAdding(id)} exclude={current.map((p) => p.person_id)} organisations={false} />
            <TextInput label="Joined on" placeholder="YYYY-MM-DD (today)" value={joined} onChange={(e) => setJoined(e.currentTarget.value)} w={200} />
            <Button variant="default" disabled={!adding} onClick={() => { run({ kind: "add-participant", body: { person_id: adding!, joined_on: joined || null } }); setAdding(null); setJoined(""); }}>
              Add participant
            </Button>
          </Group>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={600}>Billing contact for the case</Text>
          <Text size="sm">
            {theCase.billing_contact_id
              ? <Anchor component={Link} to={personPath(theCase.billing_contact_id)}>{payerName(theCase.billing_contact_id)}</Anchor>
              : "None: the participants pay."}
          </Text>
          <Group align="flex-end">
            <PersonPicker
              label={payerFor ? "Billing contact for the chosen participant" : "New billing contact for the case"}
              value={payer} onChange={(id) => setPayer(id)}
            />
            <Button variant="default" disabled={!payer} onClick={() => { run({ kind: "billing-contact", body: { billing_contact_id: payer, for_participant_id: payerFor } }); setPayer(null); setPayerFor(null); }}>
              Save billing contact
            </Button>
            {(payerFor || theCase.billing_contact_id) && (
              <Button variant="subtle" onClick={() => { if (payerFor) setPayerFor(null); else run({ kind: "billing-contact", body: { billing_contact_id: null, for_participant_id: null } }); }}>
                {payerFor ? "Back to the case's billing contact" : "Remove the case's billing contact"}
              </Button>
            )}
          </Group>
        </Stack>
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}
