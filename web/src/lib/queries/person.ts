import { queryOptions, useQueries, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** One person's record (clients, cases and audit screens all show people by name). */
export const getPerson = (personId: string) =>
  call(api.GET("/people/{person_id}", { params: { path: { person_id: personId }, query: { after: after("scheduling") } } }));

export const personQueryOptions = (personId: string) =>
  queryOptions({ queryKey: ["people", "one", personId], queryFn: () => getPerson(personId) });

export const usePerson = (personId: string) => useQuery(personQueryOptions(personId));

/** Several people at once (the other side of relationships, helpers, billing contacts). */
export const usePeopleById = (ids: readonly string[]) =>
  useQueries({ queries: ids.map((id) => ({ ...personQueryOptions(id), staleTime: 60_000 })) });
