/**
 * Where the clinical and task screens are. Ids in paths are fine; nothing personal goes in a
 * URL. None of these equals an API GET path (/tasks, /notes/..., /review-queue), which the
 * service answers itself.
 */
export const taskListPath = (filters: Record<string, string> = {}) => {
  const query = new URLSearchParams(filters).toString();
  return query ? `/work/tasks?${query}` : "/work/tasks";
};
export const reviewQueuePath = (noteId?: string) => (noteId ? `/work/review/${noteId}` : "/work/review");
export const notePath = (noteId: string) => `/work/notes/${noteId}`;
export const sessionNotePath = (appointmentId: string) => `/work/sessions/${appointmentId}/note`;
export const caseClinicalPath = (caseId: string) => `/clients/cases/${caseId}/clinical`;
export const personScreenPath = (personId: string) => `/clients/people/${personId}`;
export const caseScreenPath = (caseId: string) => `/clients/cases/${caseId}`;

type Subject = { task_type: string; subject_kind?: string | null; subject_id?: string | null };

/** The screen where a task's work is done: the note to review, the session's note to write. */
export function taskSubjectPath(task: Subject): string | null {
  if (!task.subject_id) return null;
  if (task.subject_kind === "note") return task.task_type === "supervision_review" ? reviewQueuePath(task.subject_id) : notePath(task.subject_id);
  if (task.subject_kind === "appointment") return sessionNotePath(task.subject_id);
  return null;
}
