import { describe, expect, it } from "vitest";
import { allowanceFor, allowanceSentence } from "./allowance";

const settings = { planned_absence_enabled: true, planned_absence_allowance: 6 };

describe("the planned-absence allowance", () => {
  it("counts only the year asked for, against the practice default", () => {
    const a = allowanceFor({ planned_absence_allowance: null, planned_absences: { "2025": ["x", "y", "z"], "2026": ["a"] } }, settings, 2026);
    expect(a).toEqual({ enabled: true, allowance: 6, used: 1, left: 5, source: "practice" });
    expect(allowanceSentence(a, 2026)).toBe("1 of 6 planned absences used in 2026 (the practice default); 5 left.");
  });

  it("follows the case's own allowance and never shows a negative balance", () => {
    const a = allowanceFor({ planned_absence_allowance: 1, planned_absences: { "2026": ["a", "b"] } }, settings, 2026);
    expect(a).toMatchObject({ allowance: 1, used: 2, left: 0, source: "case" });
  });

  it("says so when the practice has planned absences switched off", () => {
    const a = allowanceFor({ planned_absence_allowance: null, planned_absences: null }, { planned_absence_enabled: false }, 2026);
    expect(a.used).toBe(0);
    expect(allowanceSentence(a, 2026)).toMatch(/switched off/);
  });
});
