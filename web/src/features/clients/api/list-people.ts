import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";
import type { PeopleSearch } from "../search";

type Status = components["schemas"]["LifecycleStatus"];

export type PeopleFilter = PeopleSearch & { status?: Status; cursor?: string };

/** One page of people: a name prefix or an exact email, and a lifecycle status. */
export const listPeople = (filter: PeopleFilter) =>
  call(
    api.GET("/people", {
      params: {
        query: {
          name: filter.name, email: filter.email, status: filter.status, cursor: filter.cursor,
          limit: 50, after: after("scheduling"),
        },
      },
    }),
  );

export const peopleQueryOptions = (filter: PeopleFilter) =>
  queryOptions({ queryKey: ["people", "list", filter], queryFn: () => listPeople(filter), placeholderData: keepPreviousData });

export const usePeople = (filter: PeopleFilter) => useQuery(peopleQueryOptions(filter));
