import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { rememberIdleTimeout } from "@/lib/activity";
import { usePasskey } from "@/lib/passkeys";

/** Discoverable-credential sign-in: no email asked, none revealed. */
export async function signInWithPasskey() {
  const ceremony = await call(api.POST("/auth/sign-in/begin"));
  const credential = await usePasskey(ceremony);
  const answer = await call(
    api.POST("/auth/sign-in/complete", {
      body: {
        challenge_id: ceremony.challenge_id,
        credential: credential as unknown as Record<string, unknown>,
        session_type: "browser",
      },
    }),
  );
  rememberIdleTimeout(answer.idle_timeout_seconds);
  return answer;
}

export function useSignInWithPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithPasskey,
    onSuccess: () => queryClient.resetQueries(),
  });
}
