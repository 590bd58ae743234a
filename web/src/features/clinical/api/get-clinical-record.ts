import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/** A therapy case's diagnoses and treatment plan. */
export const getClinicalRecord = (caseId: string) =>
  call(api.GET("/cases/{case_id}/clinical-record", { params: { path: { case_id: caseId }, query: { after: after("clinical") } } }));

export const clinicalRecordQueryOptions = (caseId: string) =>
  queryOptions({ queryKey: ["clinical-record", caseId], queryFn: () => getClinicalRecord(caseId) });

export const useClinicalRecord = (caseId: string, enabled = true) => useQuery({ ...clinicalRecordQueryOptions(caseId), enabled });
