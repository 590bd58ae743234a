import { ROLE_LABELS } from "@/lib/task-types";

type Assignee = { kind: string; id: string };

/** Who a task is for, in words: a colleague's name, or a role. */
export function assigneeName(task: { assignee: Assignee }, staff: Map<string, string> | undefined): string {
  if (task.assignee.kind === "role") return `${ROLE_LABELS[task.assignee.id] ?? task.assignee.id} (role)`;
  return staff?.get(task.assignee.id) ?? "A colleague";
}

/** The choices of whom to give a new task: every role, then every colleague. */
export function assigneeChoices(staff: Map<string, string> | undefined): { value: string; label: string }[] {
  return [
    ...Object.entries(ROLE_LABELS).map(([role, label]) => ({ value: `role:${role}`, label: `Role: ${label}` })),
    ...[...(staff?.entries() ?? [])].map(([id, name]) => ({ value: `staff:${id}`, label: name })),
  ];
}

export function parseAssignee(value: string): { kind: "staff" | "role"; id: string } | null {
  const [kind, id] = value.split(":");
  return (kind === "staff" || kind === "role") && id ? { kind, id } : null;
}
