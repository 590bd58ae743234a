import { api, call, ifMatch } from "@/lib/api/client";

export type DraftValues = { content: Record<string, string>; sections: Record<string, Record<string, string>> };

/** One autosave: the whole draft, against the version the editor holds; gives the new version. */
export const saveDraft = async (noteId: string, values: DraftValues, version: number) => {
  const answer = await call(api.POST("/notes/{note_id}/draft", {
    params: { path: { note_id: noteId } },
    body: values,
    headers: ifMatch(version),
  }));
  return answer.version;
};
