import { api, call } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export type CancelFollowingArgs = { id: string; by: "client" | "practice"; reason?: string };

/** This occurrence and every later one of its series. */
export const cancelFollowing = ({ id, by, reason }: CancelFollowingArgs) =>
  call(api.POST("/appointments/{appointment_id}/cancel-following", {
    params: { path: { appointment_id: id } },
    body: { by, reason: reason || null },
  }));

export const useCancelFollowing = () => useAppointmentMutation(cancelFollowing);
