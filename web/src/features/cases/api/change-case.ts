import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

/** Changes to a case read at `version`, sent with If-Match (a concurrent change answers 412). */
export type CaseChange =
  | { kind: "retitle"; body: S["RetitleCaseBody"] }
  | { kind: "add-participant"; body: S["AddParticipantBody"] }
  | { kind: "remove-participant"; body: S["RemoveParticipantBody"] }
  | { kind: "billing-contact"; body: S["SetBillingContactBody"] }
  | { kind: "assign-provider"; body: S["ProviderCommandBody"] }
  | { kind: "unassign-provider"; body: S["ProviderCommandBody"] }
  | { kind: "supervisor"; body: S["SetCaseSupervisorBody"] }
  | { kind: "allowance"; body: S["SetPlannedAbsenceAllowanceBody"] }
  | { kind: "close" }
  | { kind: "reopen" };

export function changeCase(caseId: string, version: number, change: CaseChange) {
  const o = { params: { path: { case_id: caseId } }, headers: ifMatch(version) };
  switch (change.kind) {
    case "retitle": return call(api.POST("/cases/{case_id}/retitle", { ...o, body: change.body }));
    case "add-participant": return call(api.POST("/cases/{case_id}/add-participant", { ...o, body: change.body }));
    case "remove-participant": return call(api.POST("/cases/{case_id}/remove-participant", { ...o, body: change.body }));
    case "billing-contact": return call(api.POST("/cases/{case_id}/set-billing-contact", { ...o, body: change.body }));
    case "assign-provider": return call(api.POST("/cases/{case_id}/assign-provider", { ...o, body: change.body }));
    case "unassign-provider": return call(api.POST("/cases/{case_id}/unassign-provider", { ...o, body: change.body }));
    case "supervisor": return call(api.POST("/cases/{case_id}/set-supervisor", { ...o, body: change.body }));
    case "allowance": return call(api.POST("/cases/{case_id}/set-planned-absence-allowance", { ...o, body: change.body }));
    case "close": return call(api.POST("/cases/{case_id}/close", o));
    case "reopen": return call(api.POST("/cases/{case_id}/reopen", o));
  }
}

export function useChangeCase(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, change }: { version: number; change: CaseChange }) => changeCase(caseId, version, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cases"] }),
  });
}
