import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The sessions of a draft's case it could still bill, each with the fee adding it would charge. */
export const getBillableAppointments = (invoiceId: string) =>
  call(api.GET("/invoices/{invoice_id}/billable-appointments", {
    params: { path: { invoice_id: invoiceId }, query: { after: after("billing") } },
  }));

export const billableAppointmentsQueryOptions = (invoiceId: string) =>
  queryOptions({
    queryKey: ["billing", "invoice", invoiceId, "billable-appointments"],
    queryFn: () => getBillableAppointments(invoiceId),
  });

export const useBillableAppointments = (invoiceId: string) => useQuery(billableAppointmentsQueryOptions(invoiceId));
