import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The person's balance as a payer, saved method, AutoPay (with its wording) and upcoming charges. */
export const getPortalBilling = () =>
  call(api.GET("/portal/billing", { params: { query: { after: after("billing") } } }));

export const portalBillingQueryOptions = (poll = false) =>
  queryOptions({
    queryKey: ["portal", "billing"],
    queryFn: getPortalBilling,
    // Back from paying on Stripe's page: the balance follows the payment's record, moments later.
    refetchInterval: (query) => (poll && query.state.dataUpdateCount < 40 ? 1500 : false),
  });

export const usePortalBilling = (poll = false) => useQuery(portalBillingQueryOptions(poll));
