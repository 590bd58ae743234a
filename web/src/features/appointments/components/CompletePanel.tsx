import { Button, Group, Radio, Stack, Table, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { type Attendance, useCompleteAppointment } from "../api/complete-appointment";
import { useCase } from "../api/get-case";

type Appointment = components["schemas"]["AppointmentView"];

/** Attendance per participant (present by default); one absent member still completes it. */
export function CompletePanel({ appointment: a, onDone, onBack }: {
  appointment: Appointment;
  onDone: () => void;
  onBack: () => void;
}) {
  const theCase = useCase(a.case_id);
  const complete = useCompleteAppointment();
  const [attendance, setAttendance] = useState<Record<string, Attendance>>({});
  const day = a.starts_local.slice(0, 10);
  const participants = (theCase.data?.participants ?? []).filter(
    (p) => p.joined_on <= day && (!p.left_on || p.left_on > day),
  );
  return (
    <Stack component="section" aria-label="Complete">
      <Title order={2} size="h4">Complete the session</Title>
      {theCase.isPending ? (
        <Loading label="Loading the participants" />
      ) : (
        <Table aria-label="Attendance">
          <Table.Thead>
            <Table.Tr><Table.Th>Participant</Table.Th><Table.Th>Attendance</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {participants.map((p) => (
              <Table.Tr key={p.person_id}>
                <Table.Td>{p.display_name ?? "Participant"}</Table.Td>
                <Table.Td>
                  <Radio.Group
                    aria-label={`Attendance of ${p.display_name ?? "participant"}`}
                    value={attendance[p.person_id] ?? "present"}
                    onChange={(v) => setAttendance((old) => ({ ...old, [p.person_id]: v as Attendance }))}
                  >
                    <Group>
                      <Radio value="present" label="Present" />
                      <Radio value="late" label="Late" />
                      <Radio value="absent" label="Absent" />
                    </Group>
                  </Radio.Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ProblemAlert error={theCase.error ?? complete.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack}>Back</Button>
        <Button loading={complete.isPending} onClick={() => complete.mutate({ id: a.appointment_id, version: a.version, attendance }, { onSuccess: onDone })}>
          Complete session
        </Button>
      </Group>
    </Stack>
  );
}
