import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** A record (any aggregate) as it was at an instant, with every event up to it. */
/** An instant (`asOf`), a version, or neither (as it is now). */
export type Point = { asOf?: string; version?: number };

export const getHistory = (recordId: string, point: Point) =>
  call(api.GET("/history/{aggregate_id}", { params: { path: { aggregate_id: recordId }, query: { as_of: point.asOf, version: point.version } } }));

export const historyQueryOptions = (recordId: string, point: Point) =>
  queryOptions({ queryKey: ["history", recordId, point], queryFn: () => getHistory(recordId, point), placeholderData: keepPreviousData });

export const useHistory = (recordId: string | null, point: Point) =>
  useQuery({ ...historyQueryOptions(recordId ?? "", point), enabled: Boolean(recordId) });
