import { Alert, Button, Group, List, Radio, Stack, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { useCancelAppointment } from "../api/cancel-appointment";
import { useCancelFollowing } from "../api/cancel-following";
import { useCancellationPreview } from "../api/get-cancellation-preview";
import { outcomeSentences } from "../booking-rules";

type Appointment = components["schemas"]["AppointmentView"];

/** Who cancels, and what that comes to (from the service) before anything is confirmed. */
export function CancelPanel({ appointment: a, onDone, onBack }: {
  appointment: Appointment;
  onDone: () => void;
  onBack: () => void;
}) {
  const [by, setBy] = useState<"client" | "practice">("client");
  const [scope, setScope] = useState<"this" | "following">("this");
  const [reason, setReason] = useState("");
  const preview = useCancellationPreview(a.appointment_id, by);
  const one = useCancelAppointment();
  const following = useCancelFollowing();
  const confirm = () => {
    if (scope === "this") one.mutate({ id: a.appointment_id, version: a.version, by, reason }, { onSuccess: onDone });
    else following.mutate({ id: a.appointment_id, by, reason }, { onSuccess: onDone });
  };
  return (
    <Stack component="section" aria-label="Cancel">
      <Title order={2} size="h4">Cancel appointment</Title>
      <Radio.Group label="Who is cancelling" value={by} onChange={(v) => setBy(v as "client" | "practice")}>
        <Group mt="xs">
          <Radio value="client" label="The client" />
          <Radio value="practice" label="The practice" />
        </Group>
      </Radio.Group>
      {a.series_id && (
        <Radio.Group label="Which appointments" value={scope} onChange={(v) => setScope(v as "this" | "following")}>
          <Group mt="xs">
            <Radio value="this" label="This one" />
            <Radio value="following" label="This and all following" />
          </Group>
        </Radio.Group>
      )}
      <TextInput label="Reason (optional)" maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
      {preview.isPending ? (
        <Loading label="Working out the outcome" />
      ) : preview.data ? (
        <Alert color={preview.data.fee_may_apply ? "yellow" : "blue"} title="Cancellation outcome" role="status">
          <List size="sm">
            {outcomeSentences(preview.data).map((s) => <List.Item key={s}>{s}</List.Item>)}
            {scope === "following" && <List.Item>Every later appointment of this series is cancelled too.</List.Item>}
          </List>
        </Alert>
      ) : (
        <ProblemAlert error={preview.error} />
      )}
      <ProblemAlert error={one.error ?? following.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack}>Back</Button>
        <Button color="red" disabled={!preview.data} loading={one.isPending || following.isPending} onClick={confirm}>
          Confirm cancellation
        </Button>
      </Group>
    </Stack>
  );
}
