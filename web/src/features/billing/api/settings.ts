import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

/** The practice's billing defaults and its providers' billing schedules. */
export const getBillingSettings = () =>
  call(api.GET("/billing/settings")); // read from the settings themselves: always current

export const billingSettingsQueryOptions = () =>
  queryOptions({ queryKey: ["billing", "settings"], queryFn: getBillingSettings });

export const useBillingSettings = () => useQuery(billingSettingsQueryOptions());

/** Version 0: the practice has never changed a default, so there is nothing to match yet. */
export function useChangeBillingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, values }: { version: number; values: S["ChangeBillingSettings"]["values"] }) =>
      call(api.POST("/billing/settings", { headers: version ? ifMatch(version) : {}, body: { values } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}

export function useSetProviderSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: S["SetProviderBillingSchedule"]) => call(api.POST("/billing/provider-schedules", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing", "settings"] }),
  });
}
