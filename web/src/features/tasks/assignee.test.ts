import { describe, expect, it } from "vitest";
import { assigneeChoices, assigneeName, parseAssignee } from "./assignee";

describe("assignees", () => {
  const staff = new Map([["s1", "Ada Associate"]]);

  it("read as a colleague's name or a role", () => {
    expect(assigneeName({ assignee: { kind: "staff", id: "s1" } }, staff)).toBe("Ada Associate");
    expect(assigneeName({ assignee: { kind: "role", id: "billing" } }, staff)).toBe("Billing (role)");
    expect(assigneeName({ assignee: { kind: "staff", id: "gone" } }, staff)).toBe("A colleague");
  });

  it("are offered as roles then colleagues, and parse back", () => {
    const choices = assigneeChoices(staff);
    expect(choices.at(-1)).toEqual({ value: "staff:s1", label: "Ada Associate" });
    expect(parseAssignee("role:billing")).toEqual({ kind: "role", id: "billing" });
    expect(parseAssignee("team:x")).toBeNull();
    expect(parseAssignee("staff:")).toBeNull();
  });
});
