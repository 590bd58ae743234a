import { api, call, ifMatch } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export type Attendance = "present" | "late" | "absent";
export type CompleteArgs = { id: string; version: number; attendance: Record<string, Attendance> };

/** Completes with each participant's attendance (one absent member does not cancel a group). */
export const completeAppointment = ({ id, version, attendance }: CompleteArgs) =>
  call(api.POST("/appointments/{appointment_id}/complete", {
    params: { path: { appointment_id: id } },
    headers: ifMatch(version),
    body: { attendance },
  }));

export const useCompleteAppointment = () => useAppointmentMutation(completeAppointment);
