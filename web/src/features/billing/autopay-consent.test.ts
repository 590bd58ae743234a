import { describe, expect, it } from "vitest";
import { autopayBasis, consentGiven } from "./autopay-consent";

const consent = { text: "I authorise Harbor.", at: "2026-03-02T15:00:00+00:00", given_in: "portal" };

describe("AutoPay consent for staff", () => {
  it("says where and when, in the practice's time", () => {
    expect(consentGiven(consent, "America/New_York", "en-US")).toBe(
      "The client agreed in the client portal on Mon, Mar 2, 2026, 10:00 AM (America/New_York).",
    );
  });

  it("tells consent from staff turning AutoPay on, and says nothing when it is off", () => {
    expect(autopayBasis(true, consent)).toBe("On by the client's own consent");
    expect(autopayBasis(true, null)).toMatch(/^Turned on by staff/);
    expect(autopayBasis(false, null)).toBeNull();
  });
});
