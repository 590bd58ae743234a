import { describe, expect, it } from "vitest";
import {
  formatPracticeDateTime,
  formatPracticeTimeRange,
  offsetMinutes,
  practiceInstant,
  wallClock,
} from "./practice-time";

describe("practice time", () => {
  it("shows an instant on the practice's wall clock, whatever the browser's zone", () => {
    expect(wallClock("2026-03-02T08:00:00Z", "Europe/Berlin")).toEqual({ date: "2026-03-02", time: "09:00" });
    expect(wallClock("2026-03-02T08:00:00Z", "Pacific/Auckland")).toEqual({ date: "2026-03-02", time: "21:00" });
    expect(wallClock("2026-03-02T02:00:00Z", "America/New_York")).toEqual({ date: "2026-03-01", time: "21:00" });
  });

  it("turns a wall-clock time in the practice into the instant it means", () => {
    expect(practiceInstant({ date: "2026-03-02", time: "09:00" }, "Europe/Berlin").toISOString()).toBe(
      "2026-03-02T08:00:00.000Z",
    );
    expect(practiceInstant({ date: "2026-07-02", time: "09:00" }, "Europe/Berlin").toISOString()).toBe(
      "2026-07-02T07:00:00.000Z",
    );
  });

  it("reads a time in the skipped hour with the offset from before the change", () => {
    // Berlin skips 02:00-03:00 on 2026-03-29.
    expect(practiceInstant({ date: "2026-03-29", time: "02:30" }, "Europe/Berlin").toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("chooses the first of a repeated hour", () => {
    // Berlin repeats 02:00-03:00 on 2026-10-25 (CEST first, then CET).
    expect(practiceInstant({ date: "2026-10-25", time: "02:30" }, "Europe/Berlin").toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("round-trips every quarter hour of a year in a zone with daylight saving", () => {
    const zone = "America/New_York";
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000 * 97) {
      const instant = new Date(t - (t % (15 * 60_000)));
      const back = practiceInstant(wallClock(instant, zone), zone);
      const repeatedHour = offsetMinutes(new Date(instant.getTime() - 3_600_000), zone) !== offsetMinutes(instant, zone);
      if (!repeatedHour) expect(back.toISOString()).toBe(instant.toISOString());
    }
  });

  it("always names the zone", () => {
    expect(formatPracticeDateTime("2026-03-02T08:00:00Z", "Europe/Berlin", "en-GB")).toMatch(
      /09:00 \(Europe\/Berlin\)$/,
    );
    expect(formatPracticeTimeRange("2026-03-02T14:00:00Z", "2026-03-02T14:50:00Z", "America/New_York")).toBe(
      "09:00–09:50 EST",
    );
  });
});
