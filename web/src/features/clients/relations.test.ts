import { describe, expect, it } from "vitest";
import { helperRoleLabel, helperRows, relationshipLabel } from "./relations";

describe("relationships and helper roles", () => {
  it("names kinds and roles in the practice's words", () => {
    expect(relationshipLabel("emergency_contact")).toBe("Emergency contact");
    expect(helperRoleLabel("scheduling_helper")).toBe("Scheduling helper");
    expect(relationshipLabel("godparent")).toBe("godparent");
  });

  it("lists each helper once with roles in order, and drops helpers with none left", () => {
    const rows = helperRows({ a: ["message_recipient", "representative"], b: [], c: ["billing_contact"] }, ["a"]);
    expect(rows).toEqual([
      { helperId: "a", roles: ["representative", "message_recipient"], verified: true },
      { helperId: "c", roles: ["billing_contact"], verified: false },
    ]);
  });
});
