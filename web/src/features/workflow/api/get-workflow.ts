import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** Where a person stands and what to do next, overall and per case. */
export const getWorkflow = (personId: string) =>
  call(api.GET("/people/{person_id}/workflow", {
    params: { path: { person_id: personId }, query: { after: after("scheduling") } },
  }));

export const workflowQueryOptions = (personId: string) =>
  queryOptions({ queryKey: ["workflow", personId], queryFn: () => getWorkflow(personId), staleTime: 10_000 });

export const useWorkflow = (personId: string) => useQuery(workflowQueryOptions(personId));
