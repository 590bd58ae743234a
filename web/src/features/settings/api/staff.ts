import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

export const staffQueryOptions = () =>
  queryOptions({
    queryKey: ["staff", "all"],
    queryFn: () => call(api.GET("/staff", { params: { query: { include_deactivated: true, limit: 200, after: after("practice") } } })),
  });
export const useStaff = () => useQuery(staffQueryOptions());

export type StaffChange =
  | { kind: "invite"; body: S["InviteStaff"] }
  | { kind: "resend"; id: string; version: number }
  | { kind: "role"; id: string; version: number; body: S["ChangeStaffRoleBody"] }
  | { kind: "credentials"; id: string; version: number; body: S["SetProviderCredentialsBody"] }
  | { kind: "deactivate"; id: string; version: number }
  | { kind: "reactivate"; id: string; version: number };

export function changeStaff(change: StaffChange) {
  if (change.kind === "invite") return call(api.POST("/staff", { body: change.body }));
  const o = { params: { path: { staff_id: change.id } }, headers: ifMatch(change.version) };
  switch (change.kind) {
    case "resend": return call(api.POST("/staff/{staff_id}/resend-invitation", o));
    case "role": return call(api.POST("/staff/{staff_id}/change-role", { ...o, body: change.body }));
    case "credentials": return call(api.POST("/staff/{staff_id}/set-provider-credentials", { ...o, body: change.body }));
    case "deactivate": return call(api.POST("/staff/{staff_id}/deactivate", o));
    case "reactivate": return call(api.POST("/staff/{staff_id}/reactivate", o));
  }
}

export function useChangeStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeStaff,
    onSuccess: () => Promise.all(["staff", "providers", "practice"].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
