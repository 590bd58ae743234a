import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The practice's clinicians (providers and associates): admins are never offered as providers. */
export const getClinicians = () => call(api.GET("/providers", { params: { query: { limit: 200 } } }));

export const cliniciansQueryOptions = () =>
  queryOptions({ queryKey: ["providers"], queryFn: getClinicians, staleTime: 300_000 });

export const useClinicians = () => useQuery(cliniciansQueryOptions());

export const clinicianName = (c: { given_name: string; family_name: string }) => `${c.given_name} ${c.family_name}`;
