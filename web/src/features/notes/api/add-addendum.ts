import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** A dated addendum: the only change a signed note takes. */
export const addAddendum = (noteId: string, text: string) =>
  call(api.POST("/notes/{note_id}/addenda", { params: { path: { note_id: noteId } }, body: { text } }));

export function useAddAddendum(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => addAddendum(noteId, text),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notes"] }),
  });
}
