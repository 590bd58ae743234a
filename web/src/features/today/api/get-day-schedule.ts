import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** One practice day of appointments (the service reads `date` in practice time). */
export const getDaySchedule = (date: string) =>
  call(api.GET("/schedule", { params: { query: { view: "day", date, after: after("scheduling") } } }));

export const dayScheduleQueryOptions = (date: string) =>
  queryOptions({ queryKey: ["schedule", "day", date], queryFn: () => getDaySchedule(date) });

export const useDaySchedule = (date: string | undefined) =>
  useQuery({ ...dayScheduleQueryOptions(date ?? ""), enabled: Boolean(date) });
