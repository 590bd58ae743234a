import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The appointment's case: its participants are whose attendance a completion records. */
export const getCase = (id: string) =>
  call(api.GET("/cases/{case_id}", { params: { path: { case_id: id }, query: { after: after("scheduling") } } }));

export const caseQueryOptions = (id: string) =>
  queryOptions({ queryKey: ["cases", id], queryFn: () => getCase(id) });

export const useCase = (id: string | undefined) => useQuery({ ...caseQueryOptions(id ?? ""), enabled: Boolean(id) });
