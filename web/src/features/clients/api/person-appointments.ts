import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export type When = "upcoming" | "past";

export const getPersonAppointments = (personId: string, when: When) =>
  call(
    api.GET("/people/{person_id}/appointments", {
      params: { path: { person_id: personId }, query: { when, limit: 20, after: after("scheduling") } },
    }),
  );

export const personAppointmentsQueryOptions = (personId: string, when: When) =>
  queryOptions({ queryKey: ["people", "appointments", personId, when], queryFn: () => getPersonAppointments(personId, when) });

export const usePersonAppointments = (personId: string, when: When) => useQuery(personAppointmentsQueryOptions(personId, when));
