import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call, ifMatch } from "@/lib/api/client";

/** Submitting for review (supervised work) or signing (unsupervised): both lock the draft. */
export type Finish = "submit" | "sign";

export const finishNote = (noteId: string, how: Finish, version: number) => {
  const options = { params: { path: { note_id: noteId } }, headers: ifMatch(version) };
  return call(how === "submit" ? api.POST("/notes/{note_id}/submit", options) : api.POST("/notes/{note_id}/sign", options));
};

export function useFinishNote(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ how, version }: { how: Finish; version: () => Promise<number> }) =>
      version().then((v) => finishNote(noteId, how, v)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["notes"] });
      void queryClient.invalidateQueries({ queryKey: ["attention"] });
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
    },
  });
}
