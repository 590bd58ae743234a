import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Start (`providerId`) or stop (`null`) acting as a provider; every query is then re-read. */
export async function actAs(providerId: string | null) {
  if (providerId === null) return call(api.POST("/auth/act-as/stop"));
  return call(api.POST("/auth/act-as", { body: { provider_id: providerId } }));
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
