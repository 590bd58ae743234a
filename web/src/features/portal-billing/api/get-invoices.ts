import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

type Page = components["schemas"]["PortalInvoicePage"];

/** One page of the invoices billed to the person, newest first (drafts are never shown). */
export const getPortalInvoices = (cursor: string | null) =>
  call(api.GET("/portal/invoices", {
    params: { query: { limit: 50, cursor: cursor ?? undefined, after: after("billing") } },
  }));

/** Every invoice of the pages read so far, in order, each once (a page read again after a
 * payment may repeat one that moved). */
export function invoicesOf(data: InfiniteData<Page> | undefined): Page["items"] {
  const seen = new Set<string>();
  return (data?.pages ?? []).flatMap((page) => page.items).filter((invoice) => {
    if (seen.has(invoice.invoice_id)) return false;
    seen.add(invoice.invoice_id);
    return true;
  });
}

export const portalInvoicesQueryOptions = (poll = false) =>
  infiniteQueryOptions({
    queryKey: ["portal", "invoices"],
    queryFn: ({ pageParam }) => getPortalInvoices(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // Back from Stripe's page: the payment is recorded when Stripe tells us, moments later;
    // look again every 1.5 s for about a minute, not for as long as the page stays open.
    refetchInterval: (query) => (poll && query.state.dataUpdateCount < 40 ? 1500 : false),
  });

export const usePortalInvoices = (poll = false) => useInfiniteQuery(portalInvoicesQueryOptions(poll));
