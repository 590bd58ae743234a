import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The cases a person takes part in, open and closed. */
export const getPersonCases = (personId: string) =>
  call(api.GET("/cases", { params: { query: { person_id: personId, limit: 100, after: after("scheduling") } } }));

export const personCasesQueryOptions = (personId: string) =>
  queryOptions({ queryKey: ["cases", "of-person", personId], queryFn: () => getPersonCases(personId) });

export const usePersonCases = (personId: string) => useQuery(personCasesQueryOptions(personId));
