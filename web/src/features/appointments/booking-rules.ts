/**
 * The small rules of the appointment screens: the RFC 5545 rule of a weekly series, the clashes
 * of a refused double booking (from the problem+json), and a cancellation's outcome in words.
 */
import { isProblem } from "@/lib/api/problem";
import { statusLabel } from "@/lib/appointment-status";

/** "Every week" (1) or "every 2 weeks" (2), for a number of sessions. */
export function weeklyRule(everyWeeks: number, sessions: number): string {
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1) throw new Error("every n weeks, n >= 1");
  if (!Number.isInteger(sessions) || sessions < 2) throw new Error("a series has 2 or more sessions");
  return everyWeeks === 1 ? `FREQ=WEEKLY;COUNT=${sessions}` : `FREQ=WEEKLY;INTERVAL=${everyWeeks};COUNT=${sessions}`;
}

/** What a refused booking clashes with: "provider busy Mon 09 Mar 2026 10:00-10:50", ... */
export function clashesOf(error: unknown): string[] | null {
  if (!isProblem(error) || error.code !== "double-booking") return null;
  const listed = typeof error.body.conflicts === "string" ? error.body.conflicts : "";
  const clashes = listed.split(";").map((c) => c.trim()).filter(Boolean);
  return clashes.length ? clashes : [error.detail ?? "another appointment"];
}

/** "provider busy Mon 09 Mar 2026 10:00-10:50" -> "The provider is busy Mon 09 Mar 2026 10:00-10:50" */
export function describeClash(clash: string): string {
  const match = /^(provider|room) busy (.+)$/.exec(clash);
  return match ? `The ${match[1]} is busy ${match[2]}` : clash;
}

export type CancellationOutcome = {
  status: string | null;
  late: boolean;
  fee_may_apply: boolean;
  late_cancel_window_hours: number | null;
  allowance_year: number | null;
  planned_absence_allowance: number | null;
  planned_absences_used: number | null;
  planned_absences_left_after: number | null;
};

/** The outcome in sentences, said before the person confirms. */
export function outcomeSentences(o: CancellationOutcome, who: "staff" | "client" = "staff"): string[] {
  if (!o.status) return [];
  const out = [`This will be recorded as: ${statusLabel(o.status)}.`];
  const year = o.allowance_year;
  if (o.planned_absence_allowance !== null && o.planned_absences_left_after !== null) {
    const left = o.planned_absences_left_after;
    const count = `${left} of ${o.planned_absence_allowance} planned absence${o.planned_absence_allowance === 1 ? "" : "s"}`;
    out.push(`${count} left for ${year} afterwards.`);
  }
  if (o.status === "late_cancelled") {
    out.push(`It is less than ${o.late_cancel_window_hours} hours before the session, so this is a late cancellation.`);
  }
  if (o.fee_may_apply) {
    out.push(who === "client" ? "A fee may be charged under the practice's cancellation policy." : "A fee may apply under the practice's policy.");
  }
  return out;
}
