import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** The documents the signed-in person may download (billing access, or billed to them). */
export const portalDocumentsQueryOptions = () =>
  queryOptions({ queryKey: ["portal", "documents"], queryFn: () => call(api.GET("/portal/documents")) });

export const usePortalDocuments = () => useQuery(portalDocumentsQueryOptions());

/** The document an emailed link opens (410 once it has expired). */
export const useDocumentLink = (token: string | null) =>
  useQuery({
    queryKey: ["portal", "document-link", token],
    queryFn: () => call(api.GET("/portal/document-links/{token}", { params: { path: { token: token ?? "" } } })),
    enabled: token !== null,
    retry: false,
  });

export const portalFileUrl = (documentId: string) => `/portal/documents/${documentId}/file`;
