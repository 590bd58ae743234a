import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";

export type OverrideScope = "case" | "billing_contact";

/** One case's or one billing contact's overrides, and what applies as a result. */
export function getOverride(scope: OverrideScope, id: string) {
  return scope === "case"
    ? call(api.GET("/billing/overrides/cases/{case_id}", { params: { path: { case_id: id } } }))
    : call(api.GET("/billing/overrides/billing-contacts/{person_id}", { params: { path: { person_id: id } } }));
}

export const overrideQueryOptions = (scope: OverrideScope, id: string) =>
  queryOptions({ queryKey: ["billing", "override", scope, id], queryFn: () => getOverride(scope, id) });

export const useOverride = (scope: OverrideScope, id: string) => useQuery(overrideQueryOptions(scope, id));

/** `null` for a key sets it back to what the practice (or billing contact) says. */
export function useChangeOverride(scope: OverrideScope, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, values }: { version: number; values: Record<string, unknown> }) =>
      call(api.POST("/billing/overrides", { headers: version ? ifMatch(version) : {}, body: { scope, scope_id: id, values } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing", "override"] }),
  });
}
