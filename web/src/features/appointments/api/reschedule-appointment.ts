import { api, call, ifMatch } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export type RescheduleArgs = { id: string; version: number; start: string };

/** This appointment only (for a series: this occurrence); the length stays the same. */
export const rescheduleAppointment = ({ id, version, start }: RescheduleArgs) =>
  call(api.POST("/appointments/{appointment_id}/reschedule", {
    params: { path: { appointment_id: id } },
    headers: ifMatch(version),
    body: { start },
  }));

export const useRescheduleAppointment = () => useAppointmentMutation(rescheduleAppointment);
