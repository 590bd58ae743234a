import { useMutation, useQueryClient } from "@tanstack/react-query";
import { rememberIdleTimeout } from "@/lib/activity";
import { api, call } from "@/lib/api/client";
import { usePasskey } from "@/lib/passkeys";

export async function signInWithPortalPasskey() {
  const ceremony = await call(api.POST("/portal/sign-in/begin"));
  const credential = await usePasskey(ceremony);
  const answer = await call(
    api.POST("/portal/sign-in/complete", {
      body: { challenge_id: ceremony.challenge_id, credential: credential as unknown as Record<string, unknown>, session_type: "browser" },
    }),
  );
  rememberIdleTimeout(answer.idle_timeout_seconds);
  return answer;
}

export function useSignInWithPortalPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithPortalPasskey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal"] }),
  });
}
