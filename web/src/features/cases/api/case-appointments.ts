import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export type When = "upcoming" | "past";

export const getCaseAppointments = (caseId: string, when: When) =>
  call(api.GET("/cases/{case_id}/appointments", { params: { path: { case_id: caseId }, query: { when, limit: 20, after: after("scheduling") } } }));

export const caseAppointmentsQueryOptions = (caseId: string, when: When) =>
  queryOptions({ queryKey: ["cases", "appointments", caseId, when], queryFn: () => getCaseAppointments(caseId, when) });

export const useCaseAppointments = (caseId: string, when: When) => useQuery(caseAppointmentsQueryOptions(caseId, when));
