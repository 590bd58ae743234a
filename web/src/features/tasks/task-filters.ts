/**
 * The task list's filters, kept in the address bar's query string (ids only, never a name),
 * so a filtered list can be linked to: Needs Attention links to one type, a person's page to
 * their tasks. `dueBy` is a practice date; the service is asked for tasks due before the end
 * of that day in the practice's zone.
 */
import { practiceInstant } from "@/lib/practice-time";

export type TaskStatus = "open" | "resolved" | "any";

export type TaskFilters = {
  assignee: string; // me, anyone, staff:<id>, role:<role>
  type: string | null;
  status: TaskStatus;
  personId: string | null;
  caseId: string | null;
  dueBy: string | null; // YYYY-MM-DD in practice time
};

const STATUSES: readonly TaskStatus[] = ["open", "resolved", "any"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(params: URLSearchParams): TaskFilters {
  const status = params.get("status") as TaskStatus | null;
  const dueBy = params.get("due_by");
  return {
    assignee: params.get("assignee") || "me",
    type: params.get("type") || null,
    status: status && STATUSES.includes(status) ? status : "open",
    personId: params.get("person_id") || null,
    caseId: params.get("case_id") || null,
    dueBy: dueBy && DATE.test(dueBy) ? dueBy : null,
  };
}

/** The query string for these filters; defaults are left out, and so is the open task. */
export function writeFilters(filters: TaskFilters, task?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.assignee !== "me") params.set("assignee", filters.assignee);
  if (filters.type) params.set("type", filters.type);
  if (filters.status !== "open") params.set("status", filters.status);
  if (filters.personId) params.set("person_id", filters.personId);
  if (filters.caseId) params.set("case_id", filters.caseId);
  if (filters.dueBy) params.set("due_by", filters.dueBy);
  if (task) params.set("task", task);
  return params;
}

/** The first instant after the practice day `dueBy` (its midnight in the practice's zone). */
export function dueBefore(dueBy: string, timeZone: string): string {
  const [y, m, d] = dueBy.split("-").map(Number);
  const next = new Date(Date.UTC(y!, m! - 1, d! + 1));
  const date = next.toISOString().slice(0, 10);
  return practiceInstant({ date, time: "00:00" }, timeZone).toISOString();
}

/** The filters as the service's query parameters. */
export function taskQuery(filters: TaskFilters, timeZone: string) {
  return {
    assignee: filters.assignee,
    type: filters.type ?? undefined,
    status: filters.status,
    person_id: filters.personId ?? undefined,
    case_id: filters.caseId ?? undefined,
    due_before: filters.dueBy ? dueBefore(filters.dueBy, timeZone) : undefined,
  };
}
