import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

export const getNote = (noteId: string) =>
  call(api.GET("/notes/{note_id}", {
    params: { path: { note_id: noteId }, query: { after: after("clinical") } },
  }));

export const noteQueryOptions = (noteId: string) =>
  queryOptions({ queryKey: ["notes", noteId], queryFn: () => getNote(noteId), staleTime: Infinity });

export const useNote = (noteId: string) => useQuery(noteQueryOptions(noteId));
