import { describe, expect, it } from "vitest";
import { checklistProgress, workflowState } from "./workflow-words";

describe("workflow words", () => {
  it("names each state, and one added later still reads as words", () => {
    expect(workflowState("ready_to_schedule").label).toBe("Ready to schedule");
    expect(workflowState("payment_method_missing").label).toBe("Payment method missing");
    expect(workflowState("consent_expired")).toEqual({ label: "Consent expired", color: "gray" });
  });

  it("counts the onboarding checklist", () => {
    expect(checklistProgress([{ done: true }, { done: false }, { done: true }])).toBe("2 of 3 done");
    expect(checklistProgress([])).toBe("0 of 0 done");
  });
});
