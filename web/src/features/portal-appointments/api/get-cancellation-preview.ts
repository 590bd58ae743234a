import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** What cancelling now would come to for this person, and whether they may. */
export const getPortalCancellationPreview = (id: string) =>
  call(api.GET("/portal/appointments/{appointment_id}/cancellation", { params: { path: { appointment_id: id } } }));

export const portalCancellationPreviewQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ["portal", "cancellation", id],
    queryFn: () => getPortalCancellationPreview(id),
    staleTime: 0,
  });

export const usePortalCancellationPreview = (id: string, enabled: boolean) =>
  useQuery({ ...portalCancellationPreviewQueryOptions(id), enabled });
