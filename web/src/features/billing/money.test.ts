import { describe, expect, it } from "vitest";
import { centsToInput, formatMoney, parseMoney } from "./money";

describe("amounts staff type become whole cents", () => {
  it("reads dollars and cents without floating-point drift", () => {
    expect(parseMoney("150")).toBe(15000);
    expect(parseMoney("150.5")).toBe(15050);
    expect(parseMoney("$1,200.50")).toBe(120050);
    expect(parseMoney(" 0.07 ")).toBe(7);
    expect(parseMoney("19.99")).toBe(1999);
    expect(parseMoney("0.29")).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parseMoney("1.10")).toBe(110);
  });

  it("refuses what is not an amount", () => {
    for (const text of ["", "  ", "-5", "1.234", "1.", ".5", "12a", "1,23", "1,2345", "1.2.3", "five"]) {
      expect(parseMoney(text), text).toBeNull();
    }
  });

  it("takes no decimals in a currency that has none", () => {
    expect(parseMoney("1200", "JPY")).toBe(1200);
    expect(parseMoney("12.5", "JPY")).toBeNull();
  });
});

describe("cents shown as money", () => {
  it("formats in the practice's currency", () => {
    expect(formatMoney(15000)).toBe("$150.00");
    expect(formatMoney(123456789)).toBe("$1,234,567.89");
    expect(formatMoney(5, "USD")).toBe("$0.05");
    expect(formatMoney(0)).toBe("$0.00");
    expect(formatMoney(-2500)).toBe("-$25.00");
    expect(formatMoney(1050, "EUR", "de-DE")).toBe("10,50\u00a0€");
    expect(formatMoney(1200, "JPY")).toBe("¥1,200");
  });

  it("refuses a fraction of a cent rather than rounding it away", () => {
    expect(() => formatMoney(10.5)).toThrow(RangeError);
  });

  it("puts cents back into a field and reads them again unchanged", () => {
    expect(centsToInput(1999)).toBe("19.99");
    expect(centsToInput(5)).toBe("0.05");
    expect(centsToInput(100000)).toBe("1000.00");
    for (const cents of [0, 1, 29, 110, 999, 1999, 123456789]) {
      expect(parseMoney(centsToInput(cents))).toBe(cents);
    }
  });
});
