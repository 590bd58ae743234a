import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Who is signed in on this browser (401 when nobody is). */
export const getMe = () => call(api.GET("/auth/me"));

export const meQueryOptions = () =>
  queryOptions({ queryKey: ["auth", "me"], queryFn: getMe, retry: false, staleTime: 60_000 });

export const useMe = () => useQuery(meQueryOptions());
