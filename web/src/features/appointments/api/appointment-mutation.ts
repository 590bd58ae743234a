import { useMutation, useQueryClient } from "@tanstack/react-query";

/** A command on an appointment: afterwards the schedule and the appointment are read again. */
export function useAppointmentMutation<A, R>(mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["schedule"] }),
  });
}
