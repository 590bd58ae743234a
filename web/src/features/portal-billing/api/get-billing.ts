import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The person's balance as a payer, saved method, AutoPay (with its wording) and upcoming charges. */
export const getPortalBilling = () =>
  call(api.GET("/portal/billing", { params: { query: { after: after("billing") } } }));

export const portalBillingQueryOptions = () =>
  queryOptions({ queryKey: ["portal", "billing"], queryFn: getPortalBilling });

export const usePortalBilling = () => useQuery(portalBillingQueryOptions());
