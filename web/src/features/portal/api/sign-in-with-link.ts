import { useMutation, useQueryClient } from "@tanstack/react-query";
import { rememberIdleTimeout } from "@/lib/activity";
import { api, call } from "@/lib/api/client";

export async function signInWithLink(token: string) {
  const answer = await call(api.POST("/portal/sign-in/link", { body: { token, session_type: "browser" } }));
  rememberIdleTimeout(answer.idle_timeout_seconds);
  return answer;
}

export function useSignInWithLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithLink,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal"] }),
  });
}
