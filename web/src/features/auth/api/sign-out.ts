import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, call } from "@/lib/api/client";
import { forgetPositions } from "@/lib/api/positions";

/** `everywhere` ends every session of this person, on every device. */
export async function signOut(everywhere: boolean) {
  await call(api.POST(everywhere ? "/auth/sign-out-everywhere" : "/auth/sign-out"));
}

/**
 * Signs out, shows the sign-in screen with the reason, and only then forgets what this browser
 * had read (forgetting first would let the old screens re-ask the service and see a 401).
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({ mutationFn: (everywhere: boolean) => signOut(everywhere) });
  const leave = (everywhere: boolean) =>
    mutation.mutate(everywhere, {
      onSuccess: async () => {
        const reason = everywhere ? "You were signed out on every device." : "You signed out.";
        await navigate("/sign-in", { replace: true, state: { reason } });
        forgetPositions();
        queryClient.clear();
      },
    });
  return { ...mutation, leave };
}
