import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

/**
 * The documents about a person or billed to them: their superbills and claims, and the
 * invoices, statements and receipts they pay (a receipt belongs to no case, so this is the
 * only list that shows it). Polled while one is still being rendered.
 */
export const personDocumentsQueryOptions = (personId: string) =>
  queryOptions({
    queryKey: ["documents", "person", personId],
    queryFn: () =>
      call(api.GET("/people/{person_id}/documents", { params: { path: { person_id: personId }, query: { after: after("documents") } } })),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending") ? 1500 : false),
  });

export const usePersonDocuments = (personId: string) => useQuery(personDocumentsQueryOptions(personId));

/** A statement of the person's whole account, over every case they pay for (owner and billing). */
export function useRequestAccountStatement(personId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { period_start: string; period_end: string }) =>
      call(api.POST("/people/{person_id}/statements", { params: { path: { person_id: personId } }, body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["documents", "person", personId] }),
  });
}
