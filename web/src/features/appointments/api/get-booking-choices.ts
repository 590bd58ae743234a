import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** What a booking chooses from: open cases, services, locations (with rooms) and providers. */
export async function getBookingChoices() {
  const practice = after("practice");
  const [cases, services, locations, providers] = await Promise.all([
    call(api.GET("/cases", { params: { query: { status: "open", limit: 200, after: after("scheduling") } } })),
    call(api.GET("/services", { params: { query: { limit: 200, after: practice } } })),
    call(api.GET("/locations", { params: { query: { limit: 200, after: practice } } })),
    call(api.GET("/providers", { params: { query: { limit: 200, after: practice } } })),
  ]);
  return {
    cases: cases.items,
    services: services.items.filter((s) => !s.retired),
    locations: locations.items.filter((l) => !l.archived),
    providers: providers.items,
  };
}

export const bookingChoicesQueryOptions = () =>
  queryOptions({ queryKey: ["appointments", "booking-choices"], queryFn: getBookingChoices });

export const useBookingChoices = (enabled = true) => useQuery({ ...bookingChoicesQueryOptions(), enabled });
