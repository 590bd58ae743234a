import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

/** A draft invoice for a case (billed to its billing contact), numbered by the service. */
export function useCreateInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components["schemas"]["CreateInvoice"]) => call(api.POST("/invoices", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["billing"] }),
  });
}
