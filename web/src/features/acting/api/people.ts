import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** Clinicians one may act for, and the staff list (admins to delegate to). */
export const useClinicians = () =>
  useQuery(queryOptions({ queryKey: ["providers"], queryFn: () => call(api.GET("/providers", { params: { query: { limit: 200 } } })), staleTime: 300_000 }));

export const useStaffList = (enabled: boolean) =>
  useQuery({
    queryKey: ["staff", "all"],
    queryFn: () => call(api.GET("/staff", { params: { query: { include_deactivated: true, limit: 200, after: after("practice") } } })),
    enabled,
  });
