import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** AutoPay off: no charge starts after this; invoices are then paid by link. */
export const turnAutoPayOff = () => call(api.POST("/portal/autopay/turn-off"));

export function useTurnAutoPayOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: turnAutoPayOff,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal", "billing"] }),
  });
}
