import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The practice's clinicians (whom an owner or granted admin may act for). */
export const getProviders = () => call(api.GET("/providers", { params: { query: { limit: 200 } } }));

export const providersQueryOptions = () =>
  queryOptions({ queryKey: ["providers"], queryFn: getProviders, staleTime: 300_000 });

export const useProviders = (enabled = true) => useQuery({ ...providersQueryOptions(), enabled });
