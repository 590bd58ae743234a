import { useMutation } from "@tanstack/react-query";
import { useSensitive } from "@/components/reauth/ReauthenticationProvider";
import { api, call } from "@/lib/api/client";

export const regenerateRecoveryCodes = () => call(api.POST("/auth/recovery-codes/regenerate"));

export function useRegenerateRecoveryCodes() {
  const sensitive = useSensitive();
  return useMutation({ mutationFn: () => sensitive(regenerateRecoveryCodes) });
}
