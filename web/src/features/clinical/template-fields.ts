/** The note kinds a practice keeps a template for, and the inputs a field it adds may take. */
import type { NoteKind } from "./api/get-note-template";

export const NOTE_KINDS: readonly { value: NoteKind; label: string }[] = [
  { value: "progress", label: "Progress note" },
  { value: "consultation", label: "Consultation note" },
  { value: "group", label: "Group note" },
  { value: "intake", label: "Intake and assessment" },
  { value: "administrative", label: "Administrative note" },
];

export const FIELD_INPUTS = [
  { value: "long_text", label: "Paragraphs" },
  { value: "text", label: "One line" },
  { value: "choice", label: "A choice of answers" },
  { value: "yes_no", label: "Yes or no" },
] as const;

export type FieldInputKind = (typeof FIELD_INPUTS)[number]["value"];

export const inputLabel = (input: string) => FIELD_INPUTS.find((i) => i.value === input)?.label ?? input;

/** A field's key from its label: lowercase letters, digits and underscores, starting with a letter. */
export function keyFromLabel(label: string): string {
  const words = label.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^[^a-z]+|_+$/g, "");
  return words.slice(0, 40).replace(/_+$/, "");
}

/** Choices typed one per line; blank lines and repeats dropped. */
export function choicesFrom(text: string): string[] {
  return [...new Set(text.split("\n").map((c) => c.trim()).filter(Boolean))];
}
