import { describe, expect, it } from "vitest";
import { practiceInstant } from "@/lib/practice-time";
import { dayRange, nextDay } from "./day-range";

describe("a range of practice days", () => {
  it("runs from the first midnight to the midnight after the last day, in the practice's zone", () => {
    const midnight = (date: string) => practiceInstant({ date, time: "00:00" }, "America/New_York").toISOString();
    expect(dayRange("2026-03-07", "2026-03-08", midnight)).toEqual({
      since: "2026-03-07T05:00:00.000Z",
      until: "2026-03-09T04:00:00.000Z", // clocks went forward on the 8th
    });
  });

  it("leaves out an end that is not a date, and rolls over months and years", () => {
    expect(dayRange("", "2026-1", (d) => d)).toEqual({});
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2025-12-31")).toBe("2026-01-01");
  });
});
