export type Person = { person_id: string; display_name?: string | null };

export const BILLING_CONTACT_LABEL = "Billing contact";

/**
 * Whom a new document of a case can be for. A superbill or claim is about a participant; a
 * statement is a payer's account, so the case's billing contact (a parent, a sponsor; often
 * not a participant) comes first, and is the default, as the service's own default is.
 */
export function documentPeople(kind: string, people: Person[], billingContactId?: string | null): Person[] {
  if (kind !== "statement" || !billingContactId) return people;
  const known = people.find((p) => p.person_id === billingContactId);
  const contact = { person_id: billingContactId, display_name: known?.display_name ?? BILLING_CONTACT_LABEL };
  return [contact, ...people.filter((p) => p.person_id !== billingContactId)];
}

/** The person a new document is for unless staff choose: the only choice, or the payer of a statement. */
export function defaultPerson(kind: string, people: Person[], billingContactId?: string | null): string | null {
  const choices = documentPeople(kind, people, billingContactId);
  if (kind === "statement" && billingContactId) return billingContactId;
  return choices.length === 1 ? (choices[0]?.person_id ?? null) : null;
}
