import { api, call, ifMatch } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export type CancelArgs = { id: string; version: number; by: "client" | "practice"; reason?: string };

export const cancelAppointment = ({ id, version, by, reason }: CancelArgs) =>
  call(api.POST("/appointments/{appointment_id}/cancel", {
    params: { path: { appointment_id: id } },
    headers: ifMatch(version),
    body: { by, reason: reason || null },
  }));

export const useCancelAppointment = () => useAppointmentMutation(cancelAppointment);
