import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Start acting as a provider (`providerId`) or stop (`null`); then every screen is re-read. */
export function actAs(providerId: string | null) {
  return providerId === null
    ? call(api.POST("/auth/act-as/stop"))
    : call(api.POST("/auth/act-as", { body: { provider_id: providerId } }));
}

export function useActAs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: actAs,
    onSuccess: (me) => {
      queryClient.setQueryData(["auth", "me"], me);
      return queryClient.invalidateQueries();
    },
  });
}
