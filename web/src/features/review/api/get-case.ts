import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The reviewed note's case, for its name and its participants' names. */
export const getCase = (caseId: string) => call(api.GET("/cases/{case_id}", { params: { path: { case_id: caseId } } }));

export const caseQueryOptions = (caseId: string) => queryOptions({ queryKey: ["cases", caseId], queryFn: () => getCase(caseId) });

export const useCase = (caseId: string | undefined) => useQuery({ ...caseQueryOptions(caseId ?? ""), enabled: Boolean(caseId) });
