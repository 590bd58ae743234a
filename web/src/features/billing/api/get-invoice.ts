import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** One invoice: its lines, status, totals and balance. */
export const getInvoice = (invoiceId: string) =>
  call(api.GET("/invoices/{invoice_id}", { params: { path: { invoice_id: invoiceId }, query: { after: after("billing") } } }));

export const invoiceQueryOptions = (invoiceId: string) =>
  queryOptions({ queryKey: ["billing", "invoice", invoiceId], queryFn: () => getInvoice(invoiceId) });

export const useInvoice = (invoiceId: string) => useQuery(invoiceQueryOptions(invoiceId));
