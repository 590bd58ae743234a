import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Goal = components["schemas"]["Goal"];

/** The changes a clinical record takes: a diagnosis recorded or ended, the plan set. */
export type RecordChange =
  | { kind: "diagnose"; person_id: string; code: string; started_on: string }
  | { kind: "end"; diagnosis_id: string; ended_on: string }
  | { kind: "plan"; goals: Goal[]; review_on: string };

function withoutKind<T extends { kind: string }>(change: T): Omit<T, "kind"> {
  const body: Partial<T> = { ...change };
  delete body.kind;
  return body as Omit<T, "kind">;
}

export const changeRecord = (caseId: string, version: number, change: RecordChange) => {
  const params = { path: { case_id: caseId } };
  // The record opens with its first entry: there is no version to match before that.
  const headers = version > 0 ? ifMatch(version) : {};
  switch (change.kind) {
    case "diagnose":
      return call(api.POST("/cases/{case_id}/clinical-record/diagnoses", { params, headers, body: withoutKind(change) }));
    case "end":
      return call(api.POST("/cases/{case_id}/clinical-record/end-diagnosis", { params, headers, body: withoutKind(change) }));
    case "plan":
      return call(api.POST("/cases/{case_id}/clinical-record/treatment-plan", { params, headers, body: withoutKind(change) }));
  }
};

export function useChangeRecord(caseId: string, version: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: RecordChange) => changeRecord(caseId, version, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["clinical-record", caseId] }),
  });
}
