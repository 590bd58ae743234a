import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** A case's notes, newest first, without their text. */
export const getCaseNotes = (caseId: string) =>
  call(api.GET("/cases/{case_id}/notes", { params: { path: { case_id: caseId }, query: { after: after("clinical") } } }));

export const caseNotesQueryOptions = (caseId: string) =>
  queryOptions({ queryKey: ["notes", "case", caseId], queryFn: () => getCaseNotes(caseId) });

export const useCaseNotes = (caseId: string) => useQuery(caseNotesQueryOptions(caseId));
