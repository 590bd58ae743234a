/** Relationships and helper roles as the practice says them (PRODUCT.md section 2). */
export const RELATIONSHIP_KINDS = [
  { value: "spouse", label: "Spouse" },
  { value: "partner", label: "Partner" },
  { value: "parent", label: "Parent" },
  { value: "child", label: "Child" },
  { value: "guardian", label: "Guardian" },
  { value: "ward", label: "Ward" },
  { value: "emergency_contact", label: "Emergency contact" },
  { value: "emergency_contact_of", label: "Emergency contact of" },
] as const;

export const HELPER_ROLES = [
  { value: "representative", label: "Representative", hint: "Fills and signs forms once verified by staff" },
  { value: "billing_contact", label: "Billing contact", hint: "Receives invoices and statements; sees no clinical forms" },
  { value: "scheduling_helper", label: "Scheduling helper", hint: "Requests, reschedules and cancels; sees no billing" },
  { value: "message_recipient", label: "Message recipient", hint: "Receives selected communications" },
] as const;

const label = (list: readonly { value: string; label: string }[], value: string) =>
  list.find((k) => k.value === value)?.label ?? value.replaceAll("_", " ");

/** "Parent" reads as: the other person is this person's parent. */
export const relationshipLabel = (kind: string) => label(RELATIONSHIP_KINDS, kind);
export const helperRoleLabel = (role: string) => label(HELPER_ROLES, role);

export type HelperRow = { helperId: string; roles: string[]; verified: boolean };

/** Helpers of a person, one row each, roles in the product's order; representatives say if verified. */
export function helperRows(helpers: Record<string, string[]>, verified: readonly string[]): HelperRow[] {
  const order = HELPER_ROLES.map((r) => r.value as string);
  return Object.entries(helpers)
    .filter(([, roles]) => roles.length > 0)
    .map(([helperId, roles]) => ({
      helperId,
      roles: [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      verified: verified.includes(helperId),
    }));
}
