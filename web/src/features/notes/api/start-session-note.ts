import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Starts the session's note (starting it twice gives the same note). */
export const startSessionNote = (appointmentId: string) =>
  call(api.POST("/appointments/{appointment_id}/note/start", {
    params: { path: { appointment_id: appointmentId } },
    body: {},
  }));

export function useStartSessionNote(appointmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startSessionNote(appointmentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notes", "session", appointmentId] }),
  });
}
