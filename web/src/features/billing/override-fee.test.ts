import { describe, expect, it } from "vitest";
import { feeChoiceOf, feeNow, feeToSend } from "./override-fee";

describe("an override's fee as a choice", () => {
  it("reads what is kept: nothing is as the practice, 0 is not invoiced, cents are this fee", () => {
    expect(feeChoiceOf(undefined, "USD")).toEqual({ choice: "practice", text: "" });
    expect(feeChoiceOf(null, "USD")).toEqual({ choice: "practice", text: "" });
    expect(feeChoiceOf(0, "USD")).toEqual({ choice: "none", text: "" });
    expect(feeChoiceOf(4550, "USD")).toEqual({ choice: "fee", text: "45.50" });
  });

  it("sends null, 0 or the cents, and nothing for this fee without an amount above zero", () => {
    expect(feeToSend("practice", "45", "USD")).toBeNull();
    expect(feeToSend("none", "45", "USD")).toBe(0);
    expect(feeToSend("fee", "$45.50", "USD")).toBe(4550);
    expect(feeToSend("fee", "", "USD")).toBeUndefined();
    expect(feeToSend("fee", "0", "USD")).toBeUndefined();
    expect(feeToSend("fee", "45.555", "USD")).toBeUndefined();
  });

  it("says a fee of 0 or none is not invoiced", () => {
    const money = (c: number) => `$${(c / 100).toFixed(2)}`;
    expect(feeNow(7500, money)).toBe("$75.00");
    expect(feeNow(0, money)).toBe("not invoiced");
    expect(feeNow(null, money)).toBe("not invoiced");
  });
});
