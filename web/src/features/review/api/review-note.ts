import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";

export type Review = { outcome: "co-sign" } | { outcome: "return"; comments: string };

/** The supervisor's answer to a submitted note, against the version they read. */
export const reviewNote = (noteId: string, version: number, review: Review) => {
  const params = { path: { note_id: noteId } };
  const headers = ifMatch(version);
  return call(
    review.outcome === "co-sign"
      ? api.POST("/notes/{note_id}/co-sign", { params, headers })
      : api.POST("/notes/{note_id}/return", { params, headers, body: { comments: review.comments } }),
  );
};

export function useReviewNote(noteId: string, version: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (review: Review) => reviewNote(noteId, version, review),
    onSuccess: () => {
      for (const key of ["review-queue", "notes", "attention", "tasks"]) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}
