import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The practice's providers and locations (with rooms): what the calendar can show by. */
export async function getCalendarResources() {
  const [providers, locations] = await Promise.all([
    call(api.GET("/providers", { params: { query: { limit: 200, after: after("practice") } } })),
    call(api.GET("/locations", { params: { query: { limit: 200, after: after("practice") } } })),
  ]);
  return { providers: providers.items, locations: locations.items };
}

export const calendarResourcesQueryOptions = () =>
  queryOptions({ queryKey: ["calendar", "resources"], queryFn: getCalendarResources, staleTime: 300_000 });

export const useCalendarResources = () => useQuery(calendarResourcesQueryOptions());
