import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export type InvoiceFilter = { payer_id?: string; case_id?: string; person_id?: string };

/** Invoices, newest first, of one payer, case or person. */
export const getInvoices = (filter: InvoiceFilter) =>
  call(api.GET("/invoices", { params: { query: { ...filter, limit: 100, after: after("billing") } } }));

export const invoicesQueryOptions = (filter: InvoiceFilter) =>
  queryOptions({ queryKey: ["billing", "invoices", filter], queryFn: () => getInvoices(filter) });

export const useInvoices = (filter: InvoiceFilter) => useQuery(invoicesQueryOptions(filter));
