/**
 * Editing a person's primary email and phone without losing their other addresses and numbers:
 * the service replaces the lists, so the body carries every entry, the primary one first.
 */
import type { components } from "@/lib/api/schema";

type Entry = Record<string, unknown>;
type Person = { emails: Entry[]; phones: Entry[]; address: Record<string, string> | null };

export function primaryOf(entries: Entry[], key: string): string {
  const chosen = entries.find((e) => e.primary) ?? entries[0];
  const value = chosen?.[key];
  return typeof value === "string" ? value : "";
}

function replacePrimary(entries: Entry[], key: string, value: string): Entry[] {
  const current = entries.find((e) => e.primary) ?? entries[0];
  const rest = entries.filter((e) => e !== current && e[key] !== value).map((e) => ({ ...e, primary: false }));
  return value ? [{ ...(current ?? {}), [key]: value, primary: true }, ...rest] : rest;
}

export function contactDetailsBody(person: Person, values: { email: string; phone: string }): components["schemas"]["ChangeContactDetailsBody"] {
  const emails = replacePrimary(person.emails, "address", values.email.trim()).map((e) => ({ address: String(e.address), primary: Boolean(e.primary) }));
  const phones = replacePrimary(person.phones, "number", values.phone.trim()).map((p) => ({
    number: String(p.number), label: typeof p.label === "string" ? p.label : null, primary: Boolean(p.primary),
  }));
  const address = person.address
    ? { line1: person.address.line1 ?? "", line2: person.address.line2 ?? null, city: person.address.city ?? "", region: person.address.region ?? null, postal_code: person.address.postal_code ?? "", country: person.address.country ?? "" }
    : null;
  return { emails, phones, address };
}
