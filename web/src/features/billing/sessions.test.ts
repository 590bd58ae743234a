import { describe, expect, it } from "vitest";
import { addInTurn } from "./sessions";

describe("sessions added to a draft invoice", () => {
  it("adds each in turn at the version the previous add reached", async () => {
    const calls: [string, number][] = [];
    const outcome = await addInTurn(["a", "b", "c"], 4, async (id, version) => {
      calls.push([id, version]);
      return { version: version + 1 };
    });
    expect(calls).toEqual([["a", 4], ["b", 5], ["c", 6]]);
    expect(outcome).toEqual({ added: ["a", "b", "c"] });
  });

  it("stops at the first refusal and keeps what was added before it", async () => {
    const refusal = new Error("That appointment is already invoiced or not billable.");
    const tried: string[] = [];
    const outcome = await addInTurn(["a", "b", "c"], 1, async (id, version) => {
      tried.push(id);
      if (id === "b") throw refusal;
      return { version: version + 1 };
    });
    expect(tried).toEqual(["a", "b"]);
    expect(outcome).toEqual({ added: ["a"], refusal });
  });
});
