import { describe, expect, it } from "vitest";
import { periodLabel, previousMonth } from "./periods";

describe("document periods", () => {
  it("defaults to the month before, across a year's end and in February", () => {
    expect(previousMonth("2026-12-02")).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    expect(previousMonth("2027-01-15")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
    expect(previousMonth("2028-03-01")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
  });

  it("names a whole month by its name and any other range by its dates", () => {
    expect(periodLabel("2026-11-01", "2026-11-30")).toBe("Nov 2026");
    expect(periodLabel("2026-11-03", "2026-11-20")).toBe("2026-11-03 – 2026-11-20");
    expect(periodLabel("2026-11-10", "2026-11-10")).toBe("2026-11-10");
  });
});
