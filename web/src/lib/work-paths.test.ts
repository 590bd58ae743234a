import { describe, expect, it } from "vitest";
import { taskListPath, taskSubjectPath } from "./work-paths";

describe("work paths", () => {
  it("sends each automatic task to where its work is done", () => {
    expect(taskSubjectPath({ task_type: "supervision_review", subject_kind: "note", subject_id: "n1" })).toBe("/work/review/n1");
    expect(taskSubjectPath({ task_type: "missing_note", subject_kind: "appointment", subject_id: "a1" })).toBe("/work/sessions/a1/note");
    expect(taskSubjectPath({ task_type: "to_do", subject_kind: null, subject_id: null })).toBeNull();
    expect(taskSubjectPath({ task_type: "representative_verification", subject_kind: "representative", subject_id: "h1" })).toBeNull();
  });

  it("puts filters in the query string, never in the path", () => {
    expect(taskListPath()).toBe("/work/tasks");
    expect(taskListPath({ type: "missing_note" })).toBe("/work/tasks?type=missing_note");
  });
});
