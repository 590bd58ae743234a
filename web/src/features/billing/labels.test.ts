import { describe, expect, it } from "vitest";
import { billingModeLabel, invoiceStatus, scheduleLabel } from "./labels";

describe("billing words", () => {
  it("names a provider's schedule the way staff say it", () => {
    expect(scheduleLabel({ frequency: "daily" })).toBe("Daily");
    expect(scheduleLabel({ frequency: "weekly", weekday: 4 })).toBe("Weekly on Friday");
    expect(scheduleLabel({ frequency: "monthly", day: 15 })).toBe("Monthly on day 15");
  });

  it("names invoice states and modes, and shows an unknown one as it came", () => {
    expect(invoiceStatus("partially_paid").label).toBe("Partially paid");
    expect(invoiceStatus("later").label).toBe("later");
    expect(billingModeLabel("daily_autopay")).toBe("Daily AutoPay");
  });
});
