import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Cancels as the client; the answer's `extra.status` is the outcome recorded. */
export const cancelPortalAppointment = async ({ id, when }: { id: string; when: string }) => {
  const answer = await call(api.POST("/portal/appointments/{appointment_id}/cancel", { params: { path: { appointment_id: id } }, body: {} }));
  return { when, status: String(answer.extra?.status ?? "") };
};

export const CANCEL_KEY = ["portal", "cancel"] as const;

export function useCancelPortalAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: CANCEL_KEY,
    mutationFn: cancelPortalAppointment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal"] }),
  });
}
