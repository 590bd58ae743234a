import { Badge, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isUpcomingStatus, statusLabel } from "@/lib/appointment-status";
import { formatPracticeDateTime, formatPracticeTimeRange } from "@/lib/practice-time";
import { useAppointment } from "../api/get-appointment";
import { useConfirmAppointment } from "../api/confirm-appointment";
import { useMarkNoShow } from "../api/mark-no-show";
import { CancelPanel } from "./CancelPanel";
import { CompletePanel } from "./CompletePanel";
import { ReschedulePanel } from "./ReschedulePanel";

type Mode = "details" | "reschedule" | "cancel" | "complete";

/** One appointment: what, when (practice time), where, and what staff may do with it now. */
export function AppointmentModal({ appointmentId, timeZone, canManage, onClose }: {
  appointmentId: string | null;
  timeZone: string;
  canManage: boolean;
  onClose: () => void;
}) {
  const appointment = useAppointment(appointmentId);
  const [mode, setMode] = useState<Mode>("details");
  const confirm = useConfirmAppointment();
  const noShow = useMarkNoShow();
  const close = () => {
    setMode("details");
    confirm.reset();
    noShow.reset();
    onClose();
  };
  const a = appointment.data;
  const upcoming = a ? isUpcomingStatus(a.status) : false;
  const started = a ? new Date(a.starts_at).getTime() <= Date.now() : false;
  const back = () => setMode("details");

  return (
    <Modal opened={Boolean(appointmentId)} onClose={close} title="Appointment" size="lg" closeButtonProps={{ "aria-label": "Close dialog" }}>
      {!a ? (
        appointment.error ? <ProblemAlert error={appointment.error} /> : <Loading label="Loading the appointment" />
      ) : (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <div>
              <Text fw={700}>{formatPracticeDateTime(a.starts_at, timeZone)}</Text>
              <Text size="sm">{formatPracticeTimeRange(a.starts_at, a.ends_at, timeZone)}</Text>
            </div>
            <Badge variant="light" size="lg">{statusLabel(a.status)}</Badge>
          </Group>
          <Table aria-label="Appointment details" withRowBorders={false}>
            <Table.Tbody>
              <Table.Tr><Table.Th scope="row">Case</Table.Th><Table.Td>{a.case_label} ({a.case_kind_label})</Table.Td></Table.Tr>
              <Table.Tr><Table.Th scope="row">Provider</Table.Th><Table.Td>{a.provider_name ?? ""}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th scope="row">Service</Table.Th><Table.Td>{a.service_name ?? ""}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Where</Table.Th>
                <Table.Td>{[a.location_name, a.room_name].filter(Boolean).join(", ")} · {a.session_format.replaceAll("_", " ")}</Table.Td>
              </Table.Tr>
              {a.series_id && <Table.Tr><Table.Th scope="row">Series</Table.Th><Table.Td>Part of a recurring series</Table.Td></Table.Tr>}
              {a.status === "completed" && Object.keys(a.attendance).length > 0 && (
                <Table.Tr><Table.Th scope="row">Attendance</Table.Th><Table.Td>{Object.values(a.attendance).filter((v) => v === "absent").length} absent</Table.Td></Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          {mode === "reschedule" && <ReschedulePanel appointment={a} timeZone={timeZone} onDone={back} onBack={back} />}
          {mode === "cancel" && <CancelPanel appointment={a} onDone={back} onBack={back} />}
          {mode === "complete" && <CompletePanel appointment={a} onDone={back} onBack={back} />}
          {mode === "details" && canManage && upcoming && (
            <Group>
              {a.status === "scheduled" && (
                <Button variant="light" loading={confirm.isPending} onClick={() => confirm.mutate({ id: a.appointment_id, version: a.version })}>
                  Confirm
                </Button>
              )}
              <Button variant="light" onClick={() => setMode("reschedule")}>Reschedule</Button>
              <Button variant="light" color="red" onClick={() => setMode("cancel")}>Cancel appointment</Button>
              {started && <Button variant="light" onClick={() => setMode("complete")}>Complete</Button>}
              {started && (
                <Button variant="light" color="red" loading={noShow.isPending} onClick={() => noShow.mutate({ id: a.appointment_id, version: a.version })}>
                  No-show
                </Button>
              )}
            </Group>
          )}
          <ProblemAlert error={confirm.error ?? noShow.error} />
        </Stack>
      )}
    </Modal>
  );
}
