import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import { type TaskFilters, taskQuery } from "../task-filters";

/** One page of tasks, soonest due first. */
export const getTasks = (filters: TaskFilters, timeZone: string, cursor: string | null) =>
  call(api.GET("/tasks", {
    params: { query: { ...taskQuery(filters, timeZone), cursor: cursor ?? undefined, limit: 50, after: after("tasks") } },
  }));

export const tasksQueryOptions = (filters: TaskFilters, timeZone: string) =>
  infiniteQueryOptions({
    queryKey: ["tasks", "list", filters, timeZone],
    queryFn: ({ pageParam }) => getTasks(filters, timeZone, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export const useTasks = (filters: TaskFilters, timeZone: string | undefined) =>
  useInfiniteQuery({ ...tasksQueryOptions(filters, timeZone ?? "UTC"), enabled: Boolean(timeZone) });
