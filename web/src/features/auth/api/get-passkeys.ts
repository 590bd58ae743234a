import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

export const getPasskeys = () => call(api.GET("/auth/passkeys"));

export const passkeysQueryOptions = () =>
  queryOptions({ queryKey: ["auth", "passkeys"], queryFn: getPasskeys });

export const usePasskeys = () => useQuery(passkeysQueryOptions());
