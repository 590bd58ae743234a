/**
 * The settings groups that are a plain list of values (portal, security, documents and
 * forms, contacts): what each field is, and what a save sends. The service checks every
 * value (types, bounds, choices) and names the field it refuses as `values.<key>`.
 */
export type SettingsGroup = "portal" | "security" | "documents_forms" | "contacts";

export type SettingField =
  | { key: string; kind: "switch"; label: string; description?: string; needs?: string }
  | { key: string; kind: "number"; label: string; description?: string; min: number; max: number; needs?: string }
  | { key: string; kind: "choice"; label: string; description?: string; options: { value: string; label: string }[]; needs?: string };

export type SettingValue = boolean | number | string;
/** What the form holds: a number field being typed may be empty ("") until it is a number. */
export type Draft = Record<string, SettingValue>;

/** The form's starting values: the practice's settings for the fields shown. */
export function draftOf(fields: readonly SettingField[], saved: Record<string, unknown> | undefined): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    const value = saved?.[f.key];
    if (f.kind === "switch") draft[f.key] = Boolean(value);
    else if (f.kind === "number") draft[f.key] = typeof value === "number" ? value : "";
    else draft[f.key] = typeof value === "string" ? value : "";
  }
  return draft;
}

/**
 * The values a save sends: only those that differ from what is saved (an unchanged group
 * sends nothing), or a message for a number field left empty or not whole.
 */
export function changes(
  fields: readonly SettingField[],
  saved: Record<string, unknown> | undefined,
  draft: Draft,
): { values: Record<string, SettingValue> } | { field: string; error: string } {
  const values: Record<string, SettingValue> = {};
  for (const f of fields) {
    const value = draft[f.key];
    if (f.kind === "number" && (typeof value !== "number" || !Number.isInteger(value))) {
      return { field: f.key, error: "Enter a whole number" };
    }
    if (value !== undefined && value !== saved?.[f.key]) values[f.key] = value;
  }
  return { values };
}
