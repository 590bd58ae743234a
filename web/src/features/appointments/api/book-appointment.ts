import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type BookAppointment = components["schemas"]["BookAppointment"];

/** One appointment; a clash answers 409 `double-booking` with the clashing times. */
export const bookAppointment = (body: BookAppointment) => call(api.POST("/appointments", { body }));

export function useBookAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookAppointment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["schedule"] }),
  });
}
