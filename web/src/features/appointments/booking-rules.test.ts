import { describe, expect, it } from "vitest";
import { ApiProblem } from "@/lib/api/problem";
import { clashesOf, describeClash, outcomeSentences, weeklyRule } from "./booking-rules";

const base = {
  late: false,
  fee_may_apply: false,
  late_cancel_window_hours: 24,
  allowance_year: 2026,
  planned_absence_allowance: 2,
  planned_absences_used: 0,
  planned_absences_left_after: 1,
};

describe("booking rules", () => {
  it("writes weekly rules and refuses nonsense", () => {
    expect(weeklyRule(1, 6)).toBe("FREQ=WEEKLY;COUNT=6");
    expect(weeklyRule(2, 4)).toBe("FREQ=WEEKLY;INTERVAL=2;COUNT=4");
    expect(() => weeklyRule(0, 4)).toThrow();
    expect(() => weeklyRule(1, 1)).toThrow();
  });

  it("lists what a refused double booking clashes with", () => {
    const problem = new ApiProblem(409, {
      type: "https://practicerunner.dev/problems/double-booking",
      detail: "Mon 09 Mar 2026 10:00-10:50 (America/New_York) overlaps: ...",
      conflicts: "provider busy Mon 09 Mar 2026 10:00-10:50; room busy Mon 09 Mar 2026 10:30-11:20",
    });
    expect(clashesOf(problem)).toEqual([
      "provider busy Mon 09 Mar 2026 10:00-10:50",
      "room busy Mon 09 Mar 2026 10:30-11:20",
    ]);
    expect(describeClash("room busy Mon 09 Mar 2026 10:30-11:20")).toBe("The room is busy Mon 09 Mar 2026 10:30-11:20");
    expect(clashesOf(new ApiProblem(409, { type: "x/conflict" }))).toBeNull();
    expect(clashesOf(new Error("offline"))).toBeNull();
  });

  it("says the outcome and the allowance left before confirming", () => {
    expect(outcomeSentences({ ...base, status: "planned_absence" })).toEqual([
      "This will be recorded as: Planned absence.",
      "1 of 2 planned absences left for 2026 afterwards.",
    ]);
    const late = outcomeSentences({ ...base, status: "late_cancelled", late: true, fee_may_apply: true, planned_absences_left_after: 2 }, "client");
    expect(late).toContain("It is less than 24 hours before the session, so this is a late cancellation.");
    expect(late).toContain("A fee may be charged under the practice's cancellation policy.");
    const off = outcomeSentences({ ...base, status: "cancelled_by_client", fee_may_apply: true, planned_absence_allowance: null, planned_absences_left_after: null });
    expect(off).toEqual(["This will be recorded as: Cancelled by client.", "A fee may apply under the practice's policy."]);
    expect(outcomeSentences({ ...base, status: null })).toEqual([]);
  });
});
