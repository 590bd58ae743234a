import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export type AccessLogFilter = { actor_id?: string; resource_id?: string; since?: string; until?: string; cursor?: string };

/** Who read which record, when, from where and for whom (owners only). */
export const getAccessLog = (filter: AccessLogFilter) =>
  call(api.GET("/access-log", { params: { query: { ...filter, limit: 50 } } }));

export const accessLogQueryOptions = (filter: AccessLogFilter) =>
  queryOptions({ queryKey: ["access-log", filter], queryFn: () => getAccessLog(filter), placeholderData: keepPreviousData });

export const useAccessLog = (filter: AccessLogFilter) => useQuery(accessLogQueryOptions(filter));

export const useStaffNames = () =>
  useQuery({
    queryKey: ["staff", "all"],
    queryFn: () => call(api.GET("/staff", { params: { query: { include_deactivated: true, limit: 200, after: after("practice") } } })),
    staleTime: 60_000,
  });
