import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Switches the feed on, or gives it a new address (the old one stops working). */
export const issuePortalCalendarFeed = () => call(api.POST("/portal/calendar-feed/issue"));

export function useIssuePortalCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: issuePortalCalendarFeed,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal", "calendar-feed"] }),
  });
}
