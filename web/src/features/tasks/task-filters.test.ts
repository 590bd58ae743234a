import { describe, expect, it } from "vitest";
import { dueBefore, readFilters, taskQuery, writeFilters } from "./task-filters";

describe("task filters in the address bar", () => {
  it("start as my open tasks", () => {
    expect(readFilters(new URLSearchParams())).toEqual({
      assignee: "me", type: null, status: "open", personId: null, caseId: null, dueBy: null,
    });
  });

  it("round-trip through the query string, leaving defaults out", () => {
    const filters = { assignee: "role:billing", type: "missing_note", status: "any" as const, personId: "p1", caseId: "c1", dueBy: "2026-03-08" };
    const params = writeFilters(filters, "t1");
    expect(params.toString()).toBe("assignee=role%3Abilling&type=missing_note&status=any&person_id=p1&case_id=c1&due_by=2026-03-08&task=t1");
    expect(readFilters(params)).toEqual(filters);
    expect(writeFilters(readFilters(new URLSearchParams())).toString()).toBe("");
  });

  it("ignore a status or date that is not one", () => {
    const read = readFilters(new URLSearchParams("status=deleted&due_by=tomorrow"));
    expect(read.status).toBe("open");
    expect(read.dueBy).toBeNull();
  });
});

describe("due by a practice day", () => {
  it("means before the next midnight in the practice's zone, not the browser's", () => {
    expect(dueBefore("2026-02-10", "America/New_York")).toBe("2026-02-11T05:00:00.000Z");
    expect(dueBefore("2026-02-10", "Pacific/Auckland")).toBe("2026-02-10T11:00:00.000Z");
  });

  it("crosses a month's end and a clock change", () => {
    expect(dueBefore("2026-01-31", "Europe/Berlin")).toBe("2026-01-31T23:00:00.000Z");
    // New York moves to summer time on 8 March 2026: midnight after the 8th is at UTC-4.
    expect(dueBefore("2026-03-08", "America/New_York")).toBe("2026-03-09T04:00:00.000Z");
  });

  it("is sent only when chosen", () => {
    const q = taskQuery(readFilters(new URLSearchParams("type=to_do")), "America/New_York");
    expect(q).toEqual({ assignee: "me", type: "to_do", status: "open", person_id: undefined, case_id: undefined, due_before: undefined });
  });
});
