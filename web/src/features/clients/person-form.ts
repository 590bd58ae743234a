/**
 * The new-person form: what staff type, checked before it is sent (the service checks again
 * and its refusals show next to the field they name), and the body the API takes.
 */
import { z } from "zod";
import type { components } from "@/lib/api/schema";

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const personSchema = z
  .object({
    kind: z.enum(["individual", "organisation"]),
    given_name: optionalText(100),
    family_name: optionalText(100),
    preferred_name: optionalText(100),
    organisation_name: optionalText(200),
    contact_type: z.enum(["therapy_client", "consultation_client", "group_participant", "contact"]),
    status: z.enum(["prospect", "intake_pending", "active", "waitlist", "inactive", "contact", "archived"]),
    birth_date: z.string().trim().refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Use the form YYYY-MM-DD"),
    email: z.string().trim().max(254).refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter an email address such as name@example.com"),
    phone: optionalText(30),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "organisation") {
      if (!value.organisation_name) ctx.addIssue({ code: "custom", path: ["organisation_name"], message: "Enter the organisation's name" });
      return;
    }
    if (!value.given_name) ctx.addIssue({ code: "custom", path: ["given_name"], message: "Enter a first name" });
    if (!value.family_name) ctx.addIssue({ code: "custom", path: ["family_name"], message: "Enter a last name" });
  });

export type PersonForm = z.infer<typeof personSchema>;

export const EMPTY_PERSON: PersonForm = {
  kind: "individual",
  given_name: "",
  family_name: "",
  preferred_name: "",
  organisation_name: "",
  contact_type: "therapy_client",
  status: "active",
  birth_date: "",
  email: "",
  phone: "",
};

/** Field names the service's refusals use, mapped to this form's fields. */
export const PERSON_FIELD_NAMES = ["given_name", "family_name", "preferred_name", "organisation_name", "birth_date", "email", "phone"] as const;

export function serviceFieldToForm(fields: Record<string, string>): Partial<Record<(typeof PERSON_FIELD_NAMES)[number], string>> {
  const mapped: Partial<Record<(typeof PERSON_FIELD_NAMES)[number], string>> = {};
  for (const [name, message] of Object.entries(fields)) {
    if (name.startsWith("emails")) mapped.email ??= message;
    else if (name.startsWith("phones")) mapped.phone ??= message;
    else if ((PERSON_FIELD_NAMES as readonly string[]).includes(name)) mapped[name as (typeof PERSON_FIELD_NAMES)[number]] ??= message;
  }
  return mapped;
}

export function registerBody(form: PersonForm): components["schemas"]["RegisterPerson"] {
  const blank = (v: string) => (v === "" ? null : v);
  const individual = form.kind === "individual";
  return {
    kind: form.kind,
    given_name: individual ? blank(form.given_name) : null,
    family_name: individual ? blank(form.family_name) : null,
    preferred_name: individual ? blank(form.preferred_name) : null,
    organisation_name: individual ? null : blank(form.organisation_name),
    contact_type: form.contact_type,
    status: form.status,
    birth_date: individual ? blank(form.birth_date) : null,
    emails: form.email ? [{ address: form.email, primary: true }] : [],
    phones: form.phone ? [{ number: form.phone, primary: true }] : [],
  };
}
