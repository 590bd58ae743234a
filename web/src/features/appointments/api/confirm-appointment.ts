import { api, call, ifMatch } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export const confirmAppointment = ({ id, version }: { id: string; version: number }) =>
  call(api.POST("/appointments/{appointment_id}/confirm", {
    params: { path: { appointment_id: id } },
    headers: ifMatch(version),
  }));

export const useConfirmAppointment = () => useAppointmentMutation(confirmAppointment);
