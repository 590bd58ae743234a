import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** A note about the case rather than one session (administrative by default). */
export const startCaseNote = (caseId: string, kind: "administrative" | "intake") =>
  call(api.POST("/cases/{case_id}/notes", { params: { path: { case_id: caseId } }, body: { kind } }));

export function useStartCaseNote(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: "administrative" | "intake") => startCaseNote(caseId, kind),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notes", "case", caseId] }),
  });
}
