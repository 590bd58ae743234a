import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { practiceQueryOptions } from "@/lib/queries/practice";

type S = components["schemas"];

/** Changes to the practice read at `version` (If-Match: a concurrent change answers 412). */
export type PracticeChange =
  | { kind: "rename"; body: S["RenamePractice"] }
  | { kind: "slug"; body: S["ChangePracticeSlug"] }
  | { kind: "timezone"; body: S["ChangePracticeTimezone"] }
  | { kind: "address"; body: S["ChangePracticeAddress"] }
  | { kind: "billing-identity"; body: S["ChangeBillingIdentity"] }
  | { kind: "settings"; body: S["ChangeSettings"] }
  | { kind: "plan"; body: S["ChangePlan"] };

export function changePractice(version: number, change: PracticeChange) {
  const o = { headers: ifMatch(version) };
  switch (change.kind) {
    case "rename": return call(api.POST("/practice/rename", { ...o, body: change.body }));
    case "slug": return call(api.POST("/practice/change-slug", { ...o, body: change.body }));
    case "timezone": return call(api.POST("/practice/change-timezone", { ...o, body: change.body }));
    case "address": return call(api.POST("/practice/change-address", { ...o, body: change.body }));
    case "billing-identity": return call(api.POST("/practice/change-billing-identity", { ...o, body: change.body }));
    case "settings": return call(api.POST("/practice/change-settings", { ...o, body: change.body }));
    case "plan": return call(api.POST("/practice/change-plan", { ...o, body: change.body }));
  }
}

export function useChangePractice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, change }: { version: number; change: PracticeChange }) => changePractice(version, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["practice"] }),
  });
}

/**
 * The practice as it is now, for screens that change it: inviting staff or changing the plan
 * moves its version too, so a copy from earlier would be refused as stale.
 */
export const useFreshPractice = () => useQuery({ ...practiceQueryOptions(), staleTime: 0, refetchOnMount: "always" });
