import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";

/** What a person does to a task: comment on it, resolve it, reopen it. */
export type TaskWork =
  | { kind: "comment"; text: string }
  | { kind: "resolve"; resolution: string | null }
  | { kind: "reopen" };

export const workOnTask = (taskId: string, version: number, work: TaskWork) => {
  const params = { path: { task_id: taskId } };
  const headers = ifMatch(version);
  switch (work.kind) {
    case "comment":
      return call(api.POST("/tasks/{task_id}/comment", { params, headers, body: { text: work.text } }));
    case "resolve":
      return call(api.POST("/tasks/{task_id}/resolve", { params, headers, body: { resolution: work.resolution } }));
    case "reopen":
      return call(api.POST("/tasks/{task_id}/reopen", { params, headers }));
  }
};

export function useWorkOnTask(taskId: string, version: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (work: TaskWork) => workOnTask(taskId, version, work),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      void queryClient.invalidateQueries({ queryKey: ["attention"] });
    },
  });
}
