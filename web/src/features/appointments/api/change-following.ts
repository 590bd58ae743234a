import { api, call } from "@/lib/api/client";
import { useAppointmentMutation } from "./appointment-mutation";

export type ChangeFollowingArgs = { id: string; start: string };

/** This occurrence and all following ones move: the series continues from the new time. */
export const changeFollowing = ({ id, start }: ChangeFollowingArgs) =>
  call(api.POST("/appointments/{appointment_id}/change-following", {
    params: { path: { appointment_id: id } },
    body: { start },
  }));

export const useChangeFollowing = () => useAppointmentMutation(changeFollowing);
