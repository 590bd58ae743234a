import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { rememberIdleTimeout } from "@/lib/activity";

export type RecoveryCodeSignIn = { practice: string; email: string; code: string };

export async function signInWithRecoveryCode(body: RecoveryCodeSignIn) {
  const answer = await call(
    api.POST("/auth/sign-in/recovery-code", { body: { ...body, session_type: "browser" } }),
  );
  rememberIdleTimeout(answer.idle_timeout_seconds);
  return answer;
}

export function useSignInWithRecoveryCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithRecoveryCode,
    onSuccess: () => queryClient.resetQueries(),
  });
}
