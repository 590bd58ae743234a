import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The case: whether it is psychotherapy (only those have a clinical record) and who takes part. */
export const getCase = (caseId: string) =>
  call(api.GET("/cases/{case_id}", { params: { path: { case_id: caseId }, query: { after: after("scheduling") } } }));

export const caseQueryOptions = (caseId: string) => queryOptions({ queryKey: ["cases", caseId], queryFn: () => getCase(caseId) });

export const useCase = (caseId: string) => useQuery(caseQueryOptions(caseId));
