import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import { isProblem } from "@/lib/api/problem";

/** The session's note, or null while nobody has started it (the service answers 404). */
export const getSessionNote = async (appointmentId: string) => {
  try {
    return await call(api.GET("/appointments/{appointment_id}/note", {
      params: { path: { appointment_id: appointmentId }, query: { after: after("clinical") } },
    }));
  } catch (error) {
    if (isProblem(error) && error.status === 404) return null;
    throw error;
  }
};

export const sessionNoteQueryOptions = (appointmentId: string) =>
  queryOptions({
    queryKey: ["notes", "session", appointmentId],
    queryFn: () => getSessionNote(appointmentId),
    staleTime: Infinity, // the editor owns the draft while it is open
  });

export const useSessionNote = (appointmentId: string) => useQuery(sessionNoteQueryOptions(appointmentId));
