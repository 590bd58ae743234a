import { api, call, ifMatch } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export const markNoShow = ({ id, version }: { id: string; version: number }) =>
  call(api.POST("/appointments/{appointment_id}/mark-no-show", {
    params: { path: { appointment_id: id } },
    headers: ifMatch(version),
  }));

export const useMarkNoShow = () => useAppointmentMutation(markNoShow);
