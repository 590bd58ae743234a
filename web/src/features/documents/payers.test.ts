import { describe, expect, it } from "vitest";
import { defaultPerson, documentPeople } from "./payers";

const child = { person_id: "c", display_name: "Mia Park" };
const sibling = { person_id: "s", display_name: "Leo Park" };

describe("whom a case's new document is for", () => {
  it("makes a statement for the case's billing contact, who need not take part", () => {
    expect(documentPeople("statement", [child], "parent").map((p) => p.person_id)).toEqual(["parent", "c"]);
    expect(defaultPerson("statement", [child], "parent")).toBe("parent");
    // A superbill is about the client, never the payer.
    expect(documentPeople("superbill", [child], "parent")).toEqual([child]);
    expect(defaultPerson("superbill", [child], "parent")).toBe("c");
  });

  it("asks whom when there are several and no billing contact", () => {
    expect(defaultPerson("statement", [child, sibling], null)).toBeNull();
    expect(defaultPerson("statement", [child], null)).toBe("c");
    // A participant who pays keeps their name.
    expect(documentPeople("statement", [child, sibling], "s")[0]).toEqual(sibling);
  });
});
