import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

/** Money given back on an outside payment; one key per form, so a retry refunds once. */
export function useRefundPayment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentId, key, body }: { paymentId: string; key: string; body: components["schemas"]["RefundPaymentBody"] }) =>
      call(api.POST("/payments/{payment_id}/refund", { params: { path: { payment_id: paymentId } }, headers: { "Idempotency-Key": key }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
