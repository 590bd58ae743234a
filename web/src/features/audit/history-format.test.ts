import { describe, expect, it } from "vitest";
import { actorText, eventLabel, flatten, keyLabel } from "./history-format";

describe("a record's history, readable", () => {
  it("names events and fields in words", () => {
    expect(eventLabel("ContactDetailsChanged")).toBe("Contact details changed");
    expect(eventLabel("Registered")).toBe("Registered");
    expect(eventLabel("PlannedAbsenceAllowanceSet")).toBe("Planned absence allowance set");
    expect(keyLabel("emails.0.address")).toBe("Emails 1 address");
  });

  it("flattens nested state to one row per value", () => {
    expect(flatten({ given_name: "Ana", emails: [{ address: "a@x.org", primary: true }], notes: null, helpers: {} })).toEqual([
      { key: "given_name", label: "Given name", value: "Ana" },
      { key: "emails.0.address", label: "Emails 1 address", value: "a@x.org" },
      { key: "emails.0.primary", label: "Emails 1 primary", value: "Yes" },
      { key: "notes", label: "Notes", value: "—" },
      { key: "helpers", label: "Helpers", value: "none" },
    ]);
  });

  it("says who acted, and for whom while acting", () => {
    expect(actorText({ actor_id: "a", actor_name: "Olive Owner" })).toBe("Olive Owner");
    expect(actorText({ actor_id: "a", actor_name: "Ada Admin", on_behalf_of: "p", on_behalf_of_name: "Jonah Clinician" })).toBe("Ada Admin for Jonah Clinician");
    expect(actorText({ actor_id: null })).toBe("the system");
  });
});
