import { describe, expect, it } from "vitest";
import { returnedFrom } from "./returned";

describe("back from Stripe's page", () => {
  it("tells a payment, a saved method and a cancelled save apart", () => {
    expect(returnedFrom(new URLSearchParams("payment=done"))).toBe("payment");
    expect(returnedFrom(new URLSearchParams("method=saved"))).toBe("method");
    expect(returnedFrom(new URLSearchParams("method=cancelled"))).toBe("method-cancelled");
    expect(returnedFrom(new URLSearchParams(""))).toBeNull();
    expect(returnedFrom(new URLSearchParams("method=other"))).toBeNull();
  });
});
