import { useMutation } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The invoice's secure pay link; the browser then goes to Stripe's hosted payment page. */
export const getPayLink = (invoiceId: string) =>
  call(api.POST("/portal/invoices/{invoice_id}/pay-link", { params: { path: { invoice_id: invoiceId } } }));

export const useOpenPayLink = () =>
  useMutation({
    mutationFn: getPayLink,
    onSuccess: (link) => window.location.assign(link.path),
  });
