/**
 * The planned-absence allowance of a case in a calendar year (PRODUCT.md section 3): the
 * practice's default unless the case overrides it; used is what this case's planned absences
 * took that year. The year is the practice's, not the browser's.
 */
export type Allowance = {
  enabled: boolean;
  allowance: number;
  used: number;
  left: number;
  source: "case" | "practice";
};

type CaseAllowance = { planned_absence_allowance: number | null; planned_absences: Record<string, string[]> | null };
type SchedulingSettings = { planned_absence_enabled?: unknown; planned_absence_allowance?: unknown } | undefined;

export function allowanceFor(c: CaseAllowance, settings: SchedulingSettings, year: number): Allowance {
  const enabled = Boolean(settings?.planned_absence_enabled);
  const practiceDefault = typeof settings?.planned_absence_allowance === "number" ? settings.planned_absence_allowance : 0;
  const allowance = c.planned_absence_allowance ?? practiceDefault;
  const used = c.planned_absences?.[String(year)]?.length ?? 0;
  return {
    enabled,
    allowance,
    used,
    left: Math.max(0, allowance - used),
    source: c.planned_absence_allowance == null ? "practice" : "case",
  };
}

export function allowanceSentence(a: Allowance, year: number): string {
  if (!a.enabled) return "Planned absences are switched off for this practice.";
  const source = a.source === "case" ? "set for this case" : "the practice default";
  return `${a.used} of ${a.allowance} planned absences used in ${year} (${source}); ${a.left} left.`;
}
