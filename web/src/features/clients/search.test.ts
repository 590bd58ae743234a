import { describe, expect, it } from "vitest";
import { parseSearch, searchDescription } from "./search";

describe("the clients search box", () => {
  it("looks an address up exactly, whatever its case and spacing", () => {
    expect(parseSearch("  Casey.Client@Example.com ")).toEqual({ email: "casey.client@example.com" });
    expect(searchDescription(parseSearch("a@b.c"))).toMatch(/exactly/);
  });

  it("reads anything else as name prefixes", () => {
    expect(parseSearch("  ali   mor ")).toEqual({ name: "ali mor" });
    expect(searchDescription(parseSearch("ali"))).toMatch(/start/);
  });

  it("lists everyone for an empty box and keeps a long name within the service's limit", () => {
    expect(parseSearch("   ")).toEqual({});
    expect(parseSearch("x".repeat(300)).name).toHaveLength(100);
  });
});
