import { describe, expect, it } from "vitest";
import { contactDetailsBody, primaryOf } from "./contact-details";

const person = {
  emails: [{ address: "old@example.com", primary: true }, { address: "work@example.com", primary: false }],
  phones: [{ number: "555-0100", label: "mobile" }],
  address: null,
};

describe("changing the primary email and phone", () => {
  it("reads the primary entry, or the first when none is marked", () => {
    expect(primaryOf(person.emails, "address")).toBe("old@example.com");
    expect(primaryOf(person.phones, "number")).toBe("555-0100");
    expect(primaryOf([], "number")).toBe("");
  });

  it("replaces the primary email and keeps the others", () => {
    const body = contactDetailsBody(person, { email: "new@example.com", phone: "555-0100" });
    expect(body.emails).toEqual([
      { address: "new@example.com", primary: true },
      { address: "work@example.com", primary: false },
    ]);
    expect(body.phones).toEqual([{ number: "555-0100", label: "mobile", primary: true }]);
  });

  it("promotes an existing address instead of listing it twice, and empties a cleared field", () => {
    const body = contactDetailsBody(person, { email: "work@example.com", phone: "" });
    expect(body.emails).toEqual([{ address: "work@example.com", primary: true }]);
    expect(body.phones).toEqual([]);
  });
});
