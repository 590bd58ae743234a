import { Alert, Button, Group, List, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { outcomeSentences } from "@/lib/cancellation-outcome";
import { useCancelPortalAppointment } from "../api/cancel-appointment";
import { usePortalCancellationPreview } from "../api/get-cancellation-preview";

/** "Cancel": first what it would come to (allowance left, late-cancel fee), then confirm. */
export function CancelInPortal({ appointmentId, when }: { appointmentId: string; when: string }) {
  const [asking, setAsking] = useState(false);
  const preview = usePortalCancellationPreview(appointmentId, asking);
  const cancel = useCancelPortalAppointment();
  if (!asking) {
    return (
      <Button variant="light" color="red" size="sm" onClick={() => setAsking(true)}>
        Cancel this appointment
      </Button>
    );
  }
  const p = preview.data;
  return (
    <Stack gap="xs" role="group" aria-label="Cancel this appointment">
      {preview.isPending ? (
        <Loading label="Checking what a cancellation means" />
      ) : !p ? (
        <ProblemAlert error={preview.error} />
      ) : !p.may_cancel ? (
        <Alert color="gray" title="Cannot cancel here">{p.refusal}</Alert>
      ) : (
        <Alert color={p.fee_may_apply ? "yellow" : "blue"} title="If you cancel now" role="status">
          <List size="sm">
            {outcomeSentences(p, "client").map((s) => <List.Item key={s}>{s}</List.Item>)}
          </List>
        </Alert>
      )}
      <ProblemAlert error={cancel.error} />
      <Group>
        {p?.may_cancel && (
          <Button color="red" size="sm" loading={cancel.isPending} onClick={() => cancel.mutate({ id: appointmentId, when })}>
            Yes, cancel it
          </Button>
        )}
        <Button variant="default" size="sm" onClick={() => setAsking(false)}>Keep the appointment</Button>
      </Group>
      {p?.may_cancel && <Text size="xs" c="dimmed">Your practice is told straight away.</Text>}
    </Stack>
  );
}
