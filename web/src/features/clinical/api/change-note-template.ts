import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type NewTemplateField = components["schemas"]["AddTemplateField"];

/** A field the practice adds to a kind of note, or retires from it (notes keep their values). */
export type TemplateChange = { kind: "add"; field: NewTemplateField } | { kind: "retire"; noteKind: NewTemplateField["kind"]; key: string };

export const changeNoteTemplate = (change: TemplateChange) =>
  change.kind === "add"
    ? call(api.POST("/note-templates/add-field", { body: change.field }))
    : call(api.POST("/note-templates/retire-field", { body: { kind: change.noteKind, key: change.key } }));

export function useChangeNoteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeNoteTemplate,
    onSuccess: (_, change) =>
      queryClient.invalidateQueries({ queryKey: ["note-template", change.kind === "add" ? change.field.kind : change.noteKind] }),
  });
}
