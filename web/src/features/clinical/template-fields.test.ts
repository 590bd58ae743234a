import { describe, expect, it } from "vitest";
import { choicesFrom, keyFromLabel } from "./template-fields";

describe("template fields", () => {
  it("makes a key the service accepts from any label", () => {
    expect(keyFromLabel("Session goals (client's words)")).toBe("session_goals_client_s_words");
    expect(keyFromLabel("2nd opinion")).toBe("nd_opinion");
    expect(keyFromLabel("Café visit")).toBe("cafe_visit");
    expect(keyFromLabel("x".repeat(60))).toHaveLength(40);
  });

  it("reads choices one per line without blanks or repeats", () => {
    expect(choicesFrom("Low\n\n Medium \nHigh\nLow")).toEqual(["Low", "Medium", "High"]);
  });
});
