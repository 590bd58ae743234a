/**
 * Making an aggregate's replayed state and events readable: "ContactDetailsChanged" reads
 * "Contact details changed", nested values become one row per leaf ("emails 1 address").
 */
export function eventLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function keyLabel(path: string): string {
  const words = path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/_/g, " ")))
    .join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

export type Row = { key: string; label: string; value: string };

/** One row per leaf value; empty lists and objects say "none". */
export function flatten(value: unknown, prefix = ""): Row[] {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (!entries.length) return prefix ? [{ key: prefix, label: keyLabel(prefix), value: "none" }] : [];
    return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [{ key: prefix, label: keyLabel(prefix), value: valueText(value) }];
}

/** Who did it: "Olive Owner", or "Ada Admin for Jonah Clinician" while acting. */
export function actorText(e: { actor_name?: string | null; actor_id: string | null; on_behalf_of?: string | null; on_behalf_of_name?: string | null }): string {
  const actor = e.actor_name ?? (e.actor_id ? "someone on staff" : "the system");
  if (!e.on_behalf_of) return actor;
  return `${actor} for ${e.on_behalf_of_name ?? "a provider"}`;
}
