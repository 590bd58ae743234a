import { describe, expect, it } from "vitest";
import { taskTypeLabel } from "./task-types";

describe("taskTypeLabel", () => {
  it("names known types in the singular or plural", () => {
    expect(taskTypeLabel("supervision_review")).toBe("Note to review");
    expect(taskTypeLabel("supervision_review", 3)).toBe("Notes to review");
    expect(taskTypeLabel("missing_note", 0)).toBe("Missing notes");
  });

  it("reads a type it does not know as words", () => {
    expect(taskTypeLabel("insurance_card_expired")).toBe("Insurance card expired");
  });
});
