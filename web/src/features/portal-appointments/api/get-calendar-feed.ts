import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Whether the person's calendar feed is on (its address is shown only when issued). */
export const getPortalCalendarFeed = () => call(api.GET("/portal/calendar-feed"));

export const portalCalendarFeedQueryOptions = () =>
  queryOptions({ queryKey: ["portal", "calendar-feed"], queryFn: getPortalCalendarFeed });

export const usePortalCalendarFeed = () => useQuery(portalCalendarFeedQueryOptions());
