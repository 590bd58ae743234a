import type { components } from "@/lib/api/schema";
import type { DraftValues } from "../api/save-draft";

type Note = components["schemas"]["NoteView"];

export function draftOf(note: Note): DraftValues {
  return { content: { ...note.content }, sections: Object.fromEntries(Object.entries(note.sections).map(([p, v]) => [p, { ...v }])) };
}

/** One field changed: the draft as a whole, as the service wants it on every autosave. */
export function withValue(draft: DraftValues, key: string, value: string, participant?: string): DraftValues {
  if (!participant) return { ...draft, content: { ...draft.content, [key]: value } };
  return { ...draft, sections: { ...draft.sections, [participant]: { ...draft.sections[participant], [key]: value } } };
}

/** The fields a refusal named as missing ("note-incomplete" carries them as "a,b"). */
export function missingFields(body: Record<string, unknown> | undefined): Set<string> {
  const named = body?.fields;
  return new Set(typeof named === "string" ? named.split(",").filter(Boolean) : []);
}
