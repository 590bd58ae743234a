import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type NoteKind = components["schemas"]["NoteKind"];

/** The fields a new note of one kind asks for: the built-in ones, then the practice's own. */
export const getNoteTemplate = (kind: NoteKind) => call(api.GET("/note-template", { params: { query: { kind } } }));

export const noteTemplateQueryOptions = (kind: NoteKind) =>
  queryOptions({ queryKey: ["note-template", kind], queryFn: () => getNoteTemplate(kind) });

export const useNoteTemplate = (kind: NoteKind) => useQuery(noteTemplateQueryOptions(kind));
