import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type S = components["schemas"];

/** What staff do to an invoice read at `version` (If-Match: a change made meanwhile is refused). */
export type InvoiceChange =
  | { kind: "issue" }
  | { kind: "send" }
  | { kind: "void"; body: S["VoidInvoiceBody"] }
  | { kind: "add-line"; body: S["AddInvoiceLineBody"] }
  | { kind: "remove-line"; body: S["RemoveInvoiceLineBody"] }
  | { kind: "credit-line"; body: S["CreditInvoiceLineBody"] };

export function changeInvoice(invoiceId: string, version: number, change: InvoiceChange) {
  const o = { params: { path: { invoice_id: invoiceId } }, headers: ifMatch(version) };
  switch (change.kind) {
    case "issue": return call(api.POST("/invoices/{invoice_id}/issue", o));
    case "send": return call(api.POST("/invoices/{invoice_id}/send", o));
    case "void": return call(api.POST("/invoices/{invoice_id}/void", { ...o, body: change.body }));
    case "add-line": return call(api.POST("/invoices/{invoice_id}/lines", { ...o, body: change.body }));
    case "remove-line": return call(api.POST("/invoices/{invoice_id}/remove-line", { ...o, body: change.body }));
    case "credit-line": return call(api.POST("/invoices/{invoice_id}/credit-line", { ...o, body: change.body }));
  }
}

export function useChangeInvoice(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, change }: { version: number; change: InvoiceChange }) => changeInvoice(invoiceId, version, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
