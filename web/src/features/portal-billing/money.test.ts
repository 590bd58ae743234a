import { describe, expect, it } from "vitest";
import { formatCents } from "./money";

describe("formatCents", () => {
  it("shows cents as dollars, to the cent", () => {
    expect(formatCents(15_050)).toBe("$150.50");
    expect(formatCents(5)).toBe("$0.05");
    expect(formatCents(120_000)).toBe("$1,200.00");
  });
});
