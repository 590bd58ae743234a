import { useMutation } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Stripe's hosted page to save a card or bank account; it comes back to ?method=saved. */
export const startMethodSetup = () => call(api.POST("/portal/payment-method/setup"));

export const useStartMethodSetup = () =>
  useMutation({
    mutationFn: startMethodSetup,
    onSuccess: (answer) => window.location.assign(String(answer.extra?.url ?? "")),
  });
