import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type BookSeries = components["schemas"]["BookSeries"];

/** A recurring series (RFC 5545 rule in practice time); any clash refuses the whole series. */
export const bookSeries = (body: BookSeries) => call(api.POST("/series", { body }));

export function useBookSeries() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookSeries,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["schedule"] }),
  });
}
