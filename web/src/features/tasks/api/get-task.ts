import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** One task with its comments. */
export const getTask = (taskId: string) =>
  call(api.GET("/tasks/{task_id}", { params: { path: { task_id: taskId }, query: { after: after("tasks") } } }));

export const taskQueryOptions = (taskId: string) =>
  queryOptions({ queryKey: ["tasks", "one", taskId], queryFn: () => getTask(taskId) });

export const useTask = (taskId: string | null) => useQuery({ ...taskQueryOptions(taskId ?? ""), enabled: Boolean(taskId) });
