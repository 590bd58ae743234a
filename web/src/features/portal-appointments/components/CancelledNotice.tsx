import { Alert } from "@mantine/core";
import { useMutationState } from "@tanstack/react-query";
import { statusLabel } from "@/lib/appointment-status";
import { CANCEL_KEY } from "../api/cancel-appointment";

type Done = { when: string; status: string };

/** After a cancellation the appointment leaves the list; this says what became of it. */
export function CancelledNotice() {
  const done = useMutationState({
    filters: { mutationKey: CANCEL_KEY, status: "success" },
    select: (m) => m.state.data as Done,
  });
  const last = done[done.length - 1];
  if (!last) return null;
  return (
    <Alert color="blue" role="status" title="Cancelled">
      Your appointment on {last.when} is cancelled: {statusLabel(last.status)}.
    </Alert>
  );
}
