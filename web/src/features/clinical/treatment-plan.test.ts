import { describe, expect, it } from "vitest";
import { draftsFromGoals, goalsFromDrafts } from "./treatment-plan";

describe("the treatment plan form", () => {
  it("reads objectives one per line and drops what is blank", () => {
    const goals = goalsFromDrafts([
      { goal: " Fewer panic attacks ", objectives: "Breathing practice daily\n\n  Track episodes  \n" },
      { goal: "   ", objectives: "orphan objective" },
    ]);
    expect(goals).toEqual([{ goal: "Fewer panic attacks", objectives: ["Breathing practice daily", "Track episodes"] }]);
  });

  it("comes back from a saved plan, and starts with one empty goal", () => {
    expect(draftsFromGoals([{ goal: "Sleep", objectives: ["No screens", "Same bedtime"] }])).toEqual([
      { goal: "Sleep", objectives: "No screens\nSame bedtime" },
    ]);
    expect(draftsFromGoals([])).toEqual([{ goal: "", objectives: "" }]);
  });
});
