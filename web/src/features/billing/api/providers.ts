import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The practice's active clinicians: each has a billing schedule. */
export const getProviders = async () => {
  const page = await call(api.GET("/staff", { params: { query: { limit: 200, after: after("practice") } } }));
  return page.items.filter((s) => s.is_provider && s.status !== "deactivated");
};

export const providersQueryOptions = () =>
  queryOptions({ queryKey: ["staff", "billing-providers"], queryFn: getProviders, staleTime: 60_000 });

export const useProviders = () => useQuery(providersQueryOptions());
