import { describe, expect, it } from "vitest";
import { latestReturn, noteKindLabel, noteStatus } from "./note-labels";

describe("note labels", () => {
  it("names kinds and statuses in the practice's words", () => {
    expect(noteKindLabel("intake")).toBe("Intake / assessment note");
    expect(noteStatus("submitted").label).toBe("Waiting for review");
  });

  it("shows the supervisor's comments only while the returned draft is being reworked", () => {
    const reviews = [
      { submission: 1, outcome: "returned", comments: "Add the risk assessment." },
      { submission: 2, outcome: "co-signed", comments: null },
    ];
    expect(latestReturn(reviews, 1, "draft")?.comments).toBe("Add the risk assessment.");
    expect(latestReturn(reviews, 2, "signed")).toBeUndefined();
    expect(latestReturn(reviews.slice(0, 1), 1, "submitted")).toBeUndefined();
  });
});
