import { describe, expect, it } from "vitest";
import { EMPTY_PERSON, personSchema, registerBody, serviceFieldToForm } from "./person-form";

const issues = (value: unknown) => {
  const result = personSchema.safeParse(value);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("the new-person form", () => {
  it("asks an individual for both names and an organisation for its name", () => {
    expect(issues(EMPTY_PERSON)).toEqual({ given_name: "Enter a first name", family_name: "Enter a last name" });
    expect(issues({ ...EMPTY_PERSON, kind: "organisation" })).toEqual({ organisation_name: "Enter the organisation's name" });
  });

  it("refuses a malformed email or birth date before sending", () => {
    const named = { ...EMPTY_PERSON, given_name: "Ana", family_name: "Ruiz" };
    expect(issues({ ...named, email: "ana@", birth_date: "1/2/1990" })).toEqual({
      email: "Enter an email address such as name@example.com",
      birth_date: "Use the form YYYY-MM-DD",
    });
    expect(issues({ ...named, email: "ana@example.com", birth_date: "1990-02-01" })).toEqual({});
  });

  it("sends only what was filled in, with the email and phone as primary", () => {
    const body = registerBody({ ...EMPTY_PERSON, given_name: "Ana", family_name: "Ruiz", email: "ana@example.com" });
    expect(body).toMatchObject({ kind: "individual", given_name: "Ana", preferred_name: null, birth_date: null, phones: [] });
    expect(body.emails).toEqual([{ address: "ana@example.com", primary: true }]);
    const org = registerBody({ ...EMPTY_PERSON, kind: "organisation", given_name: "stale", organisation_name: "Acme" });
    expect(org).toMatchObject({ given_name: null, organisation_name: "Acme" });
  });

  it("puts the service's messages about emails and phones next to those fields", () => {
    expect(serviceFieldToForm({ "emails.0.address": "not an email", given_name: "too long", other: "x" })).toEqual({
      email: "not an email",
      given_name: "too long",
    });
  });
});
