import { describe, expect, it } from "vitest";
import { statusLabel } from "./status";

describe("statusLabel", () => {
  it("counts what each kind of document holds", () => {
    expect(statusLabel({ status: "ready", kind: "superbill", lines: 4 })).toBe("Ready · 4 sessions");
    expect(statusLabel({ status: "ready", kind: "cms1500", lines: 1 })).toBe("Ready · 1 service line");
    expect(statusLabel({ status: "ready", kind: "statement", lines: 3 })).toBe("Ready · 3 entries");
    expect(statusLabel({ status: "ready", kind: "invoice", lines: 1 })).toBe("Ready · 1 line");
  });
  it("does not count a receipt's one payment", () => {
    expect(statusLabel({ status: "ready", kind: "receipt", lines: 1 })).toBe("Ready");
  });
  it("says when it is not ready", () => {
    expect(statusLabel({ status: "pending", kind: "superbill", lines: 0 })).toBe("Rendering…");
    expect(statusLabel({ status: "failed", kind: "statement", lines: 0 })).toBe("Failed");
  });
});
