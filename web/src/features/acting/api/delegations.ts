import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Which admin may act for which provider (the owner manages this). */
export const delegationsQueryOptions = () =>
  queryOptions({ queryKey: ["delegations"], queryFn: () => call(api.GET("/delegations")) });

export const useDelegations = (enabled: boolean) => useQuery({ ...delegationsQueryOptions(), enabled });

export type DelegationChange = { grant: boolean; adminId: string; providerId: string };

export function changeDelegation({ grant, adminId, providerId }: DelegationChange) {
  const body = { admin_id: adminId, provider_id: providerId };
  return grant ? call(api.POST("/delegations/grant", { body })) : call(api.POST("/delegations/revoke", { body }));
}

export function useChangeDelegation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changeDelegation, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["delegations"] }) });
}
