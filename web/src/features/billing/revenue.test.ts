import { describe, expect, it } from "vitest";
import { byProvider, totals, validRange } from "./revenue";

const rows = [
  { provider_id: "a", month: "2026-01", billed_cents: 30000, credited_cents: 0, net_cents: 30000 },
  { provider_id: "b", month: "2026-01", billed_cents: 45000, credited_cents: 15000, net_cents: 30000 },
  { provider_id: "b", month: "2026-02", billed_cents: 15001, credited_cents: 0, net_cents: 15001 },
];

describe("revenue over a range of months", () => {
  it("adds up to the cent, per provider and for the practice", () => {
    expect(totals(rows)).toEqual({ billed_cents: 90001, credited_cents: 15000, net_cents: 75001 });
    expect(byProvider(rows)).toEqual([
      { provider_id: "b", billed_cents: 60001, credited_cents: 15000, net_cents: 45001 },
      { provider_id: "a", billed_cents: 30000, credited_cents: 0, net_cents: 30000 },
    ]);
  });

  it("takes only a range the service would answer", () => {
    expect(validRange("2026-01", "2026-12")).toBe(true);
    expect(validRange("2026-03", "2026-03")).toBe(true);
    expect(validRange("2026-04", "2026-03")).toBe(false);
    expect(validRange("2026-13", "2026-12")).toBe(false);
    expect(validRange("", "2026-12")).toBe(false);
  });
});
