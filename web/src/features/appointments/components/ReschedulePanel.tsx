import { Button, Group, Radio, Stack, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { components } from "@/lib/api/schema";
import { practiceInstant, wallClock } from "@/lib/practice-time";
import { useChangeFollowing } from "../api/change-following";
import { useRescheduleAppointment } from "../api/reschedule-appointment";
import { BookingProblem } from "./Clashes";

type Appointment = components["schemas"]["AppointmentView"];

/** A new date and time in practice time; for a series, this one or this and all following. */
export function ReschedulePanel({ appointment: a, timeZone, onDone, onBack }: {
  appointment: Appointment;
  timeZone: string;
  onDone: () => void;
  onBack: () => void;
}) {
  const now = wallClock(a.starts_at, timeZone);
  const [date, setDate] = useState(now.date);
  const [time, setTime] = useState(now.time);
  const [scope, setScope] = useState<"this" | "following">("this");
  const one = useRescheduleAppointment();
  const following = useChangeFollowing();
  const error = one.error ?? following.error;
  const save = () => {
    const start = practiceInstant({ date, time }, timeZone).toISOString();
    if (scope === "this") one.mutate({ id: a.appointment_id, version: a.version, start }, { onSuccess: onDone });
    else following.mutate({ id: a.appointment_id, start }, { onSuccess: onDone });
  };
  return (
    <Stack component="section" aria-label="Reschedule">
      <Title order={2} size="h4">Reschedule</Title>
      <Group grow>
        <TextInput label={`New date (${timeZone})`} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <TextInput label={`New start time (${timeZone})`} type="time" step={300} value={time} onChange={(e) => setTime(e.currentTarget.value)} />
      </Group>
      {a.series_id && (
        <Radio.Group label="Which appointments" value={scope} onChange={(v) => setScope(v as "this" | "following")}>
          <Group mt="xs">
            <Radio value="this" label="This one" />
            <Radio value="following" label="This and all following" />
          </Group>
        </Radio.Group>
      )}
      <BookingProblem error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack}>Back</Button>
        <Button loading={one.isPending || following.isPending} disabled={!date || !time} onClick={save}>Save new time</Button>
      </Group>
    </Stack>
  );
}
