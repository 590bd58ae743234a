import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";
import type { components } from "@/lib/api/schema";

export type DocumentView = components["schemas"]["DocumentView"];
export type RequestableKind = "superbill" | "cms1500" | "statement";

/** A case's documents; polled while one is still being rendered. */
export const caseDocumentsQueryOptions = (caseId: string) =>
  queryOptions({
    queryKey: ["documents", "case", caseId],
    queryFn: () =>
      call(api.GET("/cases/{case_id}/documents", { params: { path: { case_id: caseId }, query: { after: after("documents") } } })),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending") ? 1500 : false),
  });

export const useCaseDocuments = (caseId: string) => useQuery(caseDocumentsQueryOptions(caseId));

export type DocumentRequest = {
  kind: RequestableKind;
  person_id?: string;
  period_start: string;
  period_end: string;
};

export function useRequestDocument(caseId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: DocumentRequest) => call(api.POST("/documents", { body: { case_id: caseId, ...body } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["documents", "case", caseId] }),
  });
}

/** Email a document's secure link, or render it again; every list that shows it refreshes. */
export function useDocumentAction(action: "send" | "regenerate") {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) =>
      call(
        action === "send"
          ? api.POST("/documents/{document_id}/send", { params: { path: { document_id: documentId } }, body: {} })
          : api.POST("/documents/{document_id}/regenerate", { params: { path: { document_id: documentId } } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["documents"] }),
  });
}

/** Where a rendering is downloaded (the session cookie authorises it; no personal data in it). */
export const fileUrl = (documentId: string, rendering: string) =>
  `/documents/${documentId}/file?rendering=${encodeURIComponent(rendering)}`;

export const previewUrl = (documentId: string, offsetX: number, offsetY: number) =>
  `/documents/${documentId}/claim-preview?rendering=data&offset_x=${offsetX}&offset_y=${offsetY}`;
