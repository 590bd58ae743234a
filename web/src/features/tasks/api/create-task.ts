import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type NewTask = components["schemas"]["CreateTask"];

/** A task written by a person, for a colleague or a role. */
export const createTask = (task: NewTask) => call(api.POST("/tasks", { body: task }));

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTask,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      void queryClient.invalidateQueries({ queryKey: ["attention"] });
    },
  });
}
