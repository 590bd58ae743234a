/**
 * A cancellation's outcome in words, said before anyone confirms it (staff and portal): the
 * status it will get, the planned absences left, whether it is late and whether a fee may apply.
 */
import { statusLabel } from "./appointment-status";

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

export function outcomeSentences(o: CancellationOutcome, who: "staff" | "client" = "staff"): string[] {
  if (!o.status) return [];
  const out = [`This will be recorded as: ${statusLabel(o.status)}.`];
  if (o.planned_absence_allowance !== null && o.planned_absences_left_after !== null) {
    const plural = o.planned_absence_allowance === 1 ? "" : "s";
    out.push(`${o.planned_absences_left_after} of ${o.planned_absence_allowance} planned absence${plural} left for ${o.allowance_year} afterwards.`);
  }
  if (o.status === "late_cancelled") {
    out.push(`It is less than ${o.late_cancel_window_hours} hours before the session, so this is a late cancellation.`);
  }
  if (o.fee_may_apply) {
    out.push(who === "client" ? "A fee may be charged under the practice's cancellation policy." : "A fee may apply under the practice's policy.");
  }
  return out;
}
