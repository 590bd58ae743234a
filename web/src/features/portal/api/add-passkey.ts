import { useMutation } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { createPasskey } from "@/lib/passkeys";

/** Allowed within 10 minutes of signing in (by link or passkey); later, a new link first. */
export async function addPortalPasskey(name: string) {
  const ceremony = await call(api.POST("/portal/passkeys/begin"));
  const credential = await createPasskey(ceremony);
  return call(
    api.POST("/portal/passkeys/complete", {
      body: { challenge_id: ceremony.challenge_id, credential: credential as unknown as Record<string, unknown>, passkey_name: name },
    }),
  );
}

export const useAddPortalPasskey = () => useMutation({ mutationFn: addPortalPasskey });
