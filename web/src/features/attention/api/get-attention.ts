import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { conditionalGet, type Tagged } from "@/lib/api/conditional";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

export type Attention = components["schemas"]["AttentionView"];
export type AttentionScope = "me" | "practice";

/** How often the home screen asks again; an unchanged answer costs the service one lookup. */
export const ATTENTION_POLL_MS = 10_000;

export const attentionQueryKey = (scope: AttentionScope) => ["attention", scope] as const;

export const getAttention = (scope: AttentionScope, previous: Tagged<Attention> | undefined) =>
  conditionalGet<Attention>(
    (headers) =>
      api.GET("/attention", {
        params: { query: { scope, limit: 8, after: after("tasks") } },
        headers,
        cache: "no-store",
      }),
    previous,
  );

/** Needs Attention, polled with If-None-Match while the screen is open. */
export function useAttention(scope: AttentionScope) {
  const queryClient = useQueryClient();
  const key = attentionQueryKey(scope);
  return useQuery({
    queryKey: key,
    queryFn: () => getAttention(scope, queryClient.getQueryData<Tagged<Attention>>(key)),
    refetchInterval: ATTENTION_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}
