import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import { addInTurn } from "../sessions";

/** Adds one session to a draft invoice read at `version`; answers the version it reached. */
const addSession = (invoiceId: string, appointmentId: string, version: number) =>
  call(api.POST("/invoices/{invoice_id}/appointments", {
    params: { path: { invoice_id: invoiceId } },
    headers: ifMatch(version),
    body: { appointment_id: appointmentId },
  }));

/**
 * Adds the ticked sessions one by one. Those added before a refusal stay added, so the invoice
 * and the list are read again however it ended.
 */
export function useAddSessions(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, appointmentIds }: { version: number; appointmentIds: string[] }) => {
      const outcome = await addInTurn(appointmentIds, version, (id, v) => addSession(invoiceId, id, v));
      if (outcome.refusal !== undefined) throw outcome.refusal;
      return outcome.added;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
