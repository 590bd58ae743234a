import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

export const getPortalMe = () => call(api.GET("/portal/me"));

export const portalMeQueryOptions = () =>
  queryOptions({ queryKey: ["portal", "me"], queryFn: getPortalMe, retry: false, staleTime: 60_000 });

export const usePortalMe = () => useQuery(portalMeQueryOptions());
