/**
 * The new-case form: a kind, its participants within the kind's limits, providers, and who
 * pays when it is not the participants. The service checks everything again.
 */
import { z } from "zod";
import type { components } from "@/lib/api/schema";
import { CASE_KINDS, caseKind } from "@/lib/case-kinds";

const KIND_VALUES = CASE_KINDS.map((k) => k.value) as [string, ...string[]];

export const caseSchema = z
  .object({
    kind: z.enum(KIND_VALUES, { message: "Choose the kind of case" }),
    title: z.string().trim().max(100, "At most 100 characters"),
    participant_ids: z.array(z.string()),
    provider_ids: z.array(z.string()).max(10, "At most 10 providers"),
    billing_contact_id: z.string().nullable(),
    supervisor_id: z.string().nullable(),
    opened_on: z.string().trim().refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Use the form YYYY-MM-DD"),
  })
  .superRefine((value, ctx) => {
    const max = caseKind(value.kind)?.maxParticipants;
    if (max != null && value.participant_ids.length > max) {
      ctx.addIssue({ code: "custom", path: ["participant_ids"], message: participantLimit(value.kind) });
    }
    if (value.kind === "couple" && value.participant_ids.length === 1) {
      ctx.addIssue({ code: "custom", path: ["participant_ids"], message: "A couple case has two participants: add the second person" });
    }
    if (value.participant_ids.length === 0) {
      ctx.addIssue({ code: "custom", path: ["participant_ids"], message: "Add at least one participant" });
    }
  });

export type CaseForm = z.infer<typeof caseSchema>;

export const EMPTY_CASE: CaseForm = {
  kind: "individual",
  title: "",
  participant_ids: [],
  provider_ids: [],
  billing_contact_id: null,
  supervisor_id: null,
  opened_on: "",
};

export function participantLimit(kind: string): string {
  const info = caseKind(kind);
  if (!info || info.maxParticipants == null) return "";
  return info.maxParticipants === 1
    ? `${info.label} cases have one participant`
    : `${info.label} cases have at most ${info.maxParticipants} participants`;
}

/** Whether another participant may be added to a case of this kind. */
export function roomForParticipant(kind: string, count: number): boolean {
  const max = caseKind(kind)?.maxParticipants;
  return max == null || count < max;
}

export const CASE_FIELD_NAMES = ["kind", "title", "participant_ids", "provider_ids", "billing_contact_id", "supervisor_id", "opened_on"] as const;

/** The service names list items ("participant_ids.1"): put them on the list's field. */
export function caseFieldFor(name: string): (typeof CASE_FIELD_NAMES)[number] | null {
  const root = name.split(".")[0] ?? "";
  return (CASE_FIELD_NAMES as readonly string[]).includes(root) ? (root as (typeof CASE_FIELD_NAMES)[number]) : null;
}

export function openCaseBody(form: CaseForm): components["schemas"]["OpenCase"] {
  return {
    kind: form.kind as components["schemas"]["CaseKind"],
    title: form.title || null,
    participant_ids: form.participant_ids,
    provider_ids: form.provider_ids,
    billing_contact_id: form.billing_contact_id,
    supervisor_id: form.supervisor_id,
    opened_on: form.opened_on || null,
  };
}
