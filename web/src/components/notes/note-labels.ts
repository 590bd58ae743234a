/** Words for a note's kind and status, shared by the note editor, the review queue and the
 * case's clinical tab. */
const KINDS: Record<string, string> = {
  progress: "Progress note",
  consultation: "Consultation note",
  group: "Group note",
  intake: "Intake / assessment note",
  administrative: "Administrative note",
};

const STATUSES: Record<string, { label: string; color: string }> = {
  draft: { label: "Draft", color: "gray" },
  submitted: { label: "Waiting for review", color: "yellow" },
  signed: { label: "Signed", color: "indigo" },
};

export const noteKindLabel = (kind: string) => KINDS[kind] ?? kind;
export const noteStatus = (status: string) => STATUSES[status] ?? { label: status, color: "gray" };

/** The latest return of the current draft, if the supervisor sent it back. */
export function latestReturn<R extends { outcome: string; submission: number }>(
  reviews: readonly R[],
  submission: number,
  status: string,
): R | undefined {
  if (status !== "draft") return undefined;
  return reviews.filter((r) => r.outcome === "returned" && r.submission === submission).at(-1);
}
