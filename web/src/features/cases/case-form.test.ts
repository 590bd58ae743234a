import { describe, expect, it } from "vitest";
import { EMPTY_CASE, caseFieldFor, caseSchema, openCaseBody, roomForParticipant } from "./case-form";

const issues = (value: unknown) => {
  const result = caseSchema.safeParse(value);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("the new-case form", () => {
  it("holds each kind to its number of participants", () => {
    expect(issues({ ...EMPTY_CASE, participant_ids: ["a", "b"] })).toEqual({ participant_ids: "Individual client cases have one participant" });
    expect(issues({ ...EMPTY_CASE, kind: "couple", participant_ids: ["a"] })).toEqual({ participant_ids: "A couple case has two participants: add the second person" });
    expect(issues({ ...EMPTY_CASE, kind: "couple", participant_ids: ["a", "b", "c"] })).toEqual({ participant_ids: "Couple cases have at most 2 participants" });
    expect(issues({ ...EMPTY_CASE, kind: "couple", participant_ids: ["a", "b"] })).toEqual({});
    expect(issues({ ...EMPTY_CASE, kind: "therapy_group", participant_ids: Array.from({ length: 12 }, (_, i) => `p${i}`) })).toEqual({});
    expect(issues(EMPTY_CASE)).toEqual({ participant_ids: "Add at least one participant" });
  });

  it("offers room for one more participant only where the kind allows it", () => {
    expect(roomForParticipant("couple", 1)).toBe(true);
    expect(roomForParticipant("couple", 2)).toBe(false);
    expect(roomForParticipant("family", 40)).toBe(true);
  });

  it("sends blanks as absent and maps the service's list fields back to the form", () => {
    const body = openCaseBody({ ...EMPTY_CASE, kind: "couple", participant_ids: ["a", "b"], title: "Partners" });
    expect(body).toEqual({ kind: "couple", title: "Partners", participant_ids: ["a", "b"], provider_ids: [], billing_contact_id: null, supervisor_id: null, opened_on: null });
    expect(caseFieldFor("participant_ids.1")).toBe("participant_ids");
    expect(caseFieldFor("kind")).toBe("kind");
    expect(caseFieldFor("something")).toBeNull();
  });
});
