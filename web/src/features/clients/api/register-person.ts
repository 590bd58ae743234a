import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export const registerPerson = (body: components["schemas"]["RegisterPerson"]) => call(api.POST("/people", { body }));

export function useRegisterPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerPerson,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["people"] }),
  });
}
