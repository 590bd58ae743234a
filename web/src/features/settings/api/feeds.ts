import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Whether each provider's calendar feed is on (its address is shown only when issued). */
export const useProviderFeeds = (providerIds: readonly string[]) =>
  useQueries({
    queries: providerIds.map((id) => ({
      queryKey: ["calendar-feeds", "provider", id],
      queryFn: () => call(api.GET("/calendar-feeds", { params: { query: { owner_kind: "provider", owner_id: id } } })),
    })),
  });

export type FeedAction = { action: "issue" | "revoke"; providerId: string };

export function feedAction({ action, providerId }: FeedAction) {
  const body = { owner_kind: "provider" as const, owner_id: providerId };
  return action === "issue"
    ? call(api.POST("/calendar-feeds/issue", { body }))
    : call(api.POST("/calendar-feeds/revoke", { body }));
}

export function useFeedAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: feedAction,
    onSuccess: (_, { providerId }) => queryClient.invalidateQueries({ queryKey: ["calendar-feeds", "provider", providerId] }),
  });
}
