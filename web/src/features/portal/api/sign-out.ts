import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

export const portalSignOut = () => call(api.POST("/portal/sign-out"));

export function usePortalSignOut() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: portalSignOut, onSuccess: () => queryClient.clear() });
}
