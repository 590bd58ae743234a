import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export const getAppointment = (id: string) =>
  call(api.GET("/appointments/{appointment_id}", {
    params: { path: { appointment_id: id }, query: { after: after("scheduling") } },
  }));

export const appointmentQueryOptions = (id: string) =>
  queryOptions({ queryKey: ["schedule", "appointment", id], queryFn: () => getAppointment(id) });

export const useAppointment = (id: string | null) =>
  useQuery({ ...appointmentQueryOptions(id ?? ""), enabled: Boolean(id) });
