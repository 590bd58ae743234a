import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

export const revokePortalCalendarFeed = () => call(api.POST("/portal/calendar-feed/revoke"));

export function useRevokePortalCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokePortalCalendarFeed,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal", "calendar-feed"] }),
  });
}
