import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { rememberIdleTimeout } from "@/lib/activity";
import { createPasskey } from "@/lib/passkeys";

/**
 * Registers the first passkey from an invitation link (`joining`) or from the link an owner's
 * access reset sent (`reset`), and signs in. The answer carries the recovery codes (joining
 * only), shown once.
 */
export type Enrolment = "join" | "reset";

export async function enrol(kind: Enrolment, token: string, passkeyName: string) {
  const ceremony = await call(api.POST(`/auth/${kind}/begin`, { body: { token } }));
  const credential = await createPasskey(ceremony);
  const answer = await call(
    api.POST(`/auth/${kind}/complete`, {
      body: {
        token,
        challenge_id: ceremony.challenge_id,
        credential: credential as unknown as Record<string, unknown>,
        passkey_name: passkeyName,
        session_type: "browser",
      },
    }),
  );
  rememberIdleTimeout(answer.idle_timeout_seconds);
  return answer;
}

export function useEnrol(kind: Enrolment, token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passkeyName: string) => enrol(kind, token, passkeyName),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth"] }),
  });
}
