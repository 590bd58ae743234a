/**
 * Case kinds as the practice names them (PRODUCT.md section 2): the API and navigation say
 * "case"; screens say client, couple, family, group or consultation by kind.
 */
export type CaseKindInfo = {
  value: string;
  label: string;
  /** How many participants the kind takes at most (none for families and groups). */
  maxParticipants: number | null;
  psychotherapy: boolean;
  hint: string;
};

export const CASE_KINDS: readonly CaseKindInfo[] = [
  { value: "individual", label: "Individual client", maxParticipants: 1, psychotherapy: true, hint: "One person in therapy." },
  { value: "couple", label: "Couple", maxParticipants: 2, psychotherapy: true, hint: "Any two-person relationship: partners, co-parents, siblings, business partners. Give it a label." },
  { value: "family", label: "Family", maxParticipants: null, psychotherapy: true, hint: "Family members seen together; a parent may pay." },
  { value: "therapy_group", label: "Therapy group", maxParticipants: null, psychotherapy: true, hint: "Attendance is kept per participant." },
  { value: "individual_consultation", label: "Consultation client", maxParticipants: 1, psychotherapy: false, hint: "Not psychotherapy: invoices and receipts, no diagnosis." },
  { value: "consultation_group", label: "Consultation group", maxParticipants: null, psychotherapy: false, hint: "Not psychotherapy; a sponsor may pay." },
  { value: "workshop_group", label: "Workshop group", maxParticipants: null, psychotherapy: false, hint: "Members are group participants." },
];

export function caseKind(value: string): CaseKindInfo | undefined {
  return CASE_KINDS.find((k) => k.value === value);
}

export function caseKindLabel(value: string): string {
  return caseKind(value)?.label ?? value.replaceAll("_", " ");
}

/** A case's name on screens: its own label, else its participants, else its kind. */
export function caseName(c: { title?: string | null; kind: string; participants?: { display_name?: string | null; left_on?: string | null }[] }): string {
  if (c.title) return c.title;
  const names = (c.participants ?? []).filter((p) => !p.left_on && p.display_name).map((p) => p.display_name as string);
  return names.length ? names.join(" & ") : caseKindLabel(c.kind);
}
