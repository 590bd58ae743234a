import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, parseDollars } from "./money";
import { formatOffsets, parseOffsets } from "./offsets";
import { seatRows } from "./plans";

describe("fees in dollars, kept as cents", () => {
  it("reads what staff type without floating-point drift", () => {
    expect(parseDollars("150")).toBe(15000);
    expect(parseDollars("$1,200.5")).toBe(120050);
    expect(parseDollars("0.07")).toBe(7);
    expect(parseDollars("19.99")).toBe(1999);
    expect(parseDollars("1.234")).toBeNull();
    expect(parseDollars("-5")).toBeNull();
    expect(parseDollars("")).toBeNull();
  });

  it("shows cents as money and back in the field", () => {
    expect(formatCents(15000)).toBe("$150.00");
    expect(centsToInput(1999)).toBe("19.99");
  });
});

describe("reminder offsets", () => {
  it("reads hours, minutes and days into minutes, latest reminder first", () => {
    expect(parseOffsets("2h, 24h")).toEqual({ minutes: [1440, 120] });
    expect(parseOffsets("90m,1d, 1d")).toEqual({ minutes: [1440, 90] });
    expect(parseOffsets("")).toEqual({ minutes: [] });
  });

  it("refuses what the service would refuse", () => {
    expect(parseOffsets("tomorrow")).toHaveProperty("error");
    expect(parseOffsets("1m")).toHaveProperty("error");
    expect(parseOffsets("15d")).toHaveProperty("error");
    expect(parseOffsets("1h,2h,3h,4h,5h,6h")).toEqual({ error: "At most 5 reminders" });
  });

  it("writes minutes back the way staff type them", () => {
    expect(formatOffsets([1440, 120, 45])).toBe("24h, 2h, 45m");
    expect(formatOffsets([4320])).toBe("3d");
  });
});

describe("seats", () => {
  const staff = [
    { role: "owner", status: "active" }, { role: "provider", status: "active" }, { role: "provider", status: "invited" },
    { role: "associate", status: "active" }, { role: "billing", status: "active" }, { role: "provider", status: "deactivated" },
  ];

  it("counts invited staff and leaves deactivated ones out; Group bills clinicians past the two included", () => {
    expect(seatRows("group", staff)).toEqual([
      { seat: "clinician", used: 3, allowed: null, extraBilled: 1 },
      { seat: "associate", used: 1, allowed: null, extraBilled: 0 },
      { seat: "admin", used: 1, allowed: null, extraBilled: 0 },
    ]);
  });

  it("shows the Starter plan's limits", () => {
    expect(seatRows("starter", staff.slice(0, 1)).map((r) => r.allowed)).toEqual([1, 0, 0]);
  });
});
