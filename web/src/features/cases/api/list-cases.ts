import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

export type CaseFilter = { kind?: components["schemas"]["CaseKind"]; status?: "open" | "closed"; cursor?: string };

export const listCases = (filter: CaseFilter) =>
  call(api.GET("/cases", { params: { query: { ...filter, limit: 50, after: after("scheduling") } } }));

export const casesQueryOptions = (filter: CaseFilter) =>
  queryOptions({ queryKey: ["cases", "list", filter], queryFn: () => listCases(filter), placeholderData: keepPreviousData });

export const useCases = (filter: CaseFilter) => useQuery(casesQueryOptions(filter));
