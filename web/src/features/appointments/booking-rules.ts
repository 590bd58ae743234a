/**
 * The small rules of the appointment screens: the RFC 5545 rule of a weekly series, the clashes
 * of a refused double booking (from the problem+json), and a cancellation's outcome in words.
 */
import { isProblem } from "@/lib/api/problem";

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

export { type CancellationOutcome, outcomeSentences } from "@/lib/cancellation-outcome";
