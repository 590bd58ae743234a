import { api, call } from "@/lib/api/client";
import { usePasskey } from "@/lib/passkeys";

/** Confirms it is still the same person: a passkey assertion the service accepts for 10 minutes. */
export async function reauthenticate(): Promise<void> {
  const ceremony = await call(api.POST("/auth/reauthenticate/begin"));
  const credential = await usePasskey(ceremony);
  await call(
    api.POST("/auth/reauthenticate/complete", {
      body: { challenge_id: ceremony.challenge_id, credential: credential as unknown as Record<string, unknown> },
    }),
  );
}
