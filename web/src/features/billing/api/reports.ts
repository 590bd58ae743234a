import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** Payers who owe the practice, largest balance first. */
export const getOutstanding = () =>
  call(api.GET("/billing/outstanding", { params: { query: { limit: 200, after: after("billing") } } }));

export const outstandingQueryOptions = () =>
  queryOptions({ queryKey: ["billing", "outstanding"], queryFn: getOutstanding });

export const useOutstanding = () => useQuery(outstandingQueryOptions());

/** Billed and credited by rendering provider and month of service; months are "YYYY-MM". */
export const getRevenue = (from: string, to: string) =>
  call(api.GET("/billing/revenue", { params: { query: { from, to, after: after("billing") } } }));

export const revenueQueryOptions = (from: string, to: string) =>
  queryOptions({ queryKey: ["billing", "revenue", from, to], queryFn: () => getRevenue(from, to) });

export const useRevenue = (from: string, to: string, enabled: boolean) => useQuery({ ...revenueQueryOptions(from, to), enabled });
