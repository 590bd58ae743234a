import { describe, expect, it } from "vitest";
import { missingFields, withValue } from "./note-draft";

describe("a note's draft", () => {
  it("changes one shared field and keeps the rest", () => {
    const draft = { content: { subjective: "Calm." }, sections: {} };
    expect(withValue(draft, "plan", "Weekly")).toEqual({ content: { subjective: "Calm.", plan: "Weekly" }, sections: {} });
    expect(draft.content).toEqual({ subjective: "Calm." });
  });

  it("changes one participant's section without touching another's", () => {
    const draft = { content: {}, sections: { p1: { participation: "Active" } } };
    const next = withValue(draft, "participation", "Quiet", "p2");
    expect(next.sections).toEqual({ p1: { participation: "Active" }, p2: { participation: "Quiet" } });
  });

  it("reads which required fields a refusal named", () => {
    expect([...missingFields({ fields: "subjective,plan" })]).toEqual(["subjective", "plan"]);
    expect(missingFields({}).size).toBe(0);
  });
});
