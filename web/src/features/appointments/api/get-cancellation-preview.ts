import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** What cancelling now would come to (planned absence, late...), before confirming. */
export const getCancellationPreview = (id: string, by: "client" | "practice") =>
  call(api.GET("/appointments/{appointment_id}/cancellation", {
    params: { path: { appointment_id: id }, query: { by } },
  }));

export const cancellationPreviewQueryOptions = (id: string, by: "client" | "practice") =>
  queryOptions({
    queryKey: ["schedule", "cancellation", id, by],
    queryFn: () => getCancellationPreview(id, by),
    staleTime: 0,
  });

export const useCancellationPreview = (id: string, by: "client" | "practice") =>
  useQuery(cancellationPreviewQueryOptions(id, by));
