import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Account credit by hand (a goodwill adjustment); it pays open invoices oldest first. */
export function useAddCredit(payerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, amount_cents, note }: { key: string; amount_cents: number; note: string | null }) =>
      call(api.POST("/payers/{payer_id}/credit", { params: { path: { payer_id: payerId } }, headers: { "Idempotency-Key": key }, body: { amount_cents, note } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}

/** AutoPay on (needs the payer's saved method and consent) or off. */
export function useSwitchAutoPay(payerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) =>
      call(api.POST("/payers/{payer_id}/autopay", { params: { path: { payer_id: payerId } }, body: { on, reason: on ? null : "Switched off by staff" } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
