import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Keeps the method just saved at Stripe as the person's (its label only). */
export const refreshSavedMethod = () => call(api.POST("/portal/payment-method/refresh"));

export function useRefreshSavedMethod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refreshSavedMethod,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["portal", "billing"] }),
  });
}
