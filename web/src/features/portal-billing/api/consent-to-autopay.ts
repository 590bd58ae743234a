import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** AutoPay on: the wording the person was shown and agreed to is sent back and kept. */
export const consentToAutoPay = (consentText: string) =>
  call(api.POST("/portal/autopay/consent", { body: { consent_text: consentText } }));

export function useConsentToAutoPay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: consentToAutoPay,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal", "billing"] }),
  });
}
