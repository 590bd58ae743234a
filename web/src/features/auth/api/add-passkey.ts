import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSensitive } from "@/components/reauth/ReauthenticationProvider";
import { api, call } from "@/lib/api/client";
import { createPasskey } from "@/lib/passkeys";

export async function addPasskey(name: string) {
  const ceremony = await call(api.POST("/auth/passkeys/begin"));
  const credential = await createPasskey(ceremony);
  return call(
    api.POST("/auth/passkeys/complete", {
      body: {
        challenge_id: ceremony.challenge_id,
        credential: credential as unknown as Record<string, unknown>,
        passkey_name: name,
      },
    }),
  );
}

/** Needs a recent sign-in: the service asks, and the app prompts for a passkey confirmation. */
export function useAddPasskey() {
  const queryClient = useQueryClient();
  const sensitive = useSensitive();
  return useMutation({
    mutationFn: (name: string) => sensitive(() => addPasskey(name)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "passkeys"] }),
  });
}
