import { describe, expect, it } from "vitest";
import { type SettingField, changes, draftOf } from "./setting-groups";

const FIELDS: SettingField[] = [
  { key: "feeds", kind: "switch", label: "Feeds" },
  { key: "idle", kind: "number", label: "Idle", min: 5, max: 720 },
  { key: "rule", kind: "choice", label: "Rule", options: [{ value: "a", label: "A" }, { value: "b", label: "B" }] },
];

describe("settings groups", () => {
  it("starts from what the practice has saved", () => {
    expect(draftOf(FIELDS, { feeds: true, idle: 30, rule: "a", other: 1 })).toEqual({ feeds: true, idle: 30, rule: "a" });
    expect(draftOf(FIELDS, undefined)).toEqual({ feeds: false, idle: "", rule: "" });
  });

  it("sends only what changed", () => {
    const saved = { feeds: true, idle: 30, rule: "a" };
    expect(changes(FIELDS, saved, { feeds: true, idle: 30, rule: "a" })).toEqual({ values: {} });
    expect(changes(FIELDS, saved, { feeds: false, idle: 45, rule: "a" })).toEqual({ values: { feeds: false, idle: 45 } });
  });

  it("asks for a whole number before anything is sent", () => {
    const saved = { feeds: true, idle: 30, rule: "a" };
    expect(changes(FIELDS, saved, { feeds: true, idle: "", rule: "a" })).toEqual({ field: "idle", error: "Enter a whole number" });
    expect(changes(FIELDS, saved, { feeds: true, idle: 7.5, rule: "b" })).toEqual({ field: "idle", error: "Enter a whole number" });
  });
});
