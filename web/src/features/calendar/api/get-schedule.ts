import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

export type ScheduleView = "day" | "week" | "month";
export type ScheduleFilter = { provider_id?: string; location_id?: string; room_id?: string };
export type ScheduledAppointment = components["schemas"]["AppointmentView"];

/** Every appointment of a day, week (Monday first) or month in practice time, all pages. */
export async function getSchedule(view: ScheduleView, date: string, filter: ScheduleFilter) {
  const items: ScheduledAppointment[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET("/schedule", {
        params: { query: { view, date, ...filter, limit: 500, cursor, after: after("scheduling") } },
      }),
    );
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

export const scheduleQueryOptions = (view: ScheduleView, date: string, filter: ScheduleFilter) =>
  queryOptions({
    queryKey: ["schedule", view, date, filter],
    queryFn: () => getSchedule(view, date, filter),
    placeholderData: keepPreviousData,
  });

export const useSchedule = (view: ScheduleView, date: string | undefined, filter: ScheduleFilter) =>
  useQuery({ ...scheduleQueryOptions(view, date ?? "", filter), enabled: Boolean(date) });
