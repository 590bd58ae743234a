import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

/**
 * Money received outside Stripe (cash, check, Zelle, other). The key is made once per form,
 * so a double click or a retried request records the payment once.
 */
export function useRecordPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: components["schemas"]["RecordOutsidePayment"] }) =>
      call(api.POST("/payments", { headers: { "Idempotency-Key": key }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
