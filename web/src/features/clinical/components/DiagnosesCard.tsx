import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { isProblem } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";
import { wallClock } from "@/lib/practice-time";
import { useChangeRecord } from "../api/change-record";

type ClinicalRecord = components["schemas"]["ClinicalRecordView"];
type Participant = components["schemas"]["ParticipantView"];

/** ICD-10 diagnoses per participant, each dated, with a start and an end. */
export function DiagnosesCard({ record, participants, zone }: { record: ClinicalRecord; participants: Participant[]; zone: string }) {
  const change = useChangeRecord(record.case_id, record.version);
  const today = wallClock(new Date(), zone).date;
  const [person, setPerson] = useState<string | null>(participants.length === 1 ? participants[0]!.person_id : null);
  const [code, setCode] = useState("");
  const [startedOn, setStartedOn] = useState(today);
  const codeProblem = isProblem(change.error) ? change.error.fields.code : undefined;
  const name = (id: string) => participants.find((p) => p.person_id === id)?.display_name ?? "Former participant";

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="diagnoses-heading">
      <Title order={3} size="h4" id="diagnoses-heading" mb="xs">Diagnoses</Title>
      {record.diagnoses.length ? (
        <Table aria-label="Diagnoses">
          <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>For</Table.Th><Table.Th>From</Table.Th><Table.Th>To</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {record.diagnoses.map((d) => (
              <Table.Tr key={d.diagnosis_id}>
                <Table.Td><Text fw={600}>{d.code}</Text></Table.Td>
                <Table.Td>{name(d.person_id)}</Table.Td>
                <Table.Td>{d.started_on}</Table.Td>
                <Table.Td>
                  {d.ended_on ?? (
                    <Button size="compact-xs" variant="default" loading={change.isPending}
                      onClick={() => change.mutate({ kind: "end", diagnosis_id: d.diagnosis_id, ended_on: today })}
                      aria-label={`End today (${d.code})`}>End today</Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Empty>No diagnoses recorded.</Empty>}
      <form onSubmit={(e) => {
        e.preventDefault();
        if (person) change.mutate({ kind: "diagnose", person_id: person, code: code.trim(), started_on: startedOn }, { onSuccess: () => setCode("") });
      }}>
        <Stack gap="xs" mt="sm">
          <Group align="flex-end" wrap="wrap">
            {participants.length > 1 && (
              <Select label="For" data={participants.map((p) => ({ value: p.person_id, label: p.display_name ?? "Participant" }))} value={person} onChange={setPerson} w={200} />
            )}
            <TextInput label="ICD-10 code" placeholder="F41.1" value={code} onChange={(e) => setCode(e.currentTarget.value)} w={140} error={codeProblem} />
            <TextInput type="date" label="Since" value={startedOn} onChange={(e) => setStartedOn(e.currentTarget.value)} w={170} />
            <Button type="submit" variant="light" disabled={!person || !code.trim()} loading={change.isPending}>Record diagnosis</Button>
          </Group>
          <ProblemAlert error={codeProblem ? null : change.error} />
        </Stack>
      </form>
    </Paper>
  );
}
