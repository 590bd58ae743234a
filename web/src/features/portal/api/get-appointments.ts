import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Upcoming appointments of the cases where the person's role lets them see the schedule. */
export const getPortalAppointments = () => call(api.GET("/portal/appointments"));

export const portalAppointmentsQueryOptions = () =>
  queryOptions({ queryKey: ["portal", "appointments"], queryFn: getPortalAppointments });

export const usePortalAppointments = () => useQuery(portalAppointmentsQueryOptions());
