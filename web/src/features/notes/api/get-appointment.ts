import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** The session a note documents: its case, time and service, for the editor's heading. */
export const getAppointment = (appointmentId: string) =>
  call(api.GET("/appointments/{appointment_id}", {
    params: { path: { appointment_id: appointmentId }, query: { after: after("scheduling") } },
  }));

export const appointmentQueryOptions = (appointmentId: string) =>
  queryOptions({ queryKey: ["appointments", appointmentId], queryFn: () => getAppointment(appointmentId) });

export const useAppointment = (appointmentId: string | null | undefined) =>
  useQuery({ ...appointmentQueryOptions(appointmentId ?? ""), enabled: Boolean(appointmentId) });
