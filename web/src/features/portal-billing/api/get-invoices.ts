import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The invoices billed to the person, newest first (drafts are never shown). */
export const getPortalInvoices = () =>
  call(api.GET("/portal/invoices", { params: { query: { limit: 50, after: after("billing") } } }));

export const portalInvoicesQueryOptions = (poll = false) =>
  queryOptions({
    queryKey: ["portal", "invoices"],
    queryFn: getPortalInvoices,
    // Back from Stripe's page: the payment is recorded when Stripe tells us, moments later;
    // look again every 1.5 s for about a minute, not for as long as the page stays open.
    refetchInterval: (query) => (poll && query.state.dataUpdateCount < 40 ? 1500 : false),
  });

export const usePortalInvoices = (poll = false) => useQuery(portalInvoicesQueryOptions(poll));
