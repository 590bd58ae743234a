/**
 * A range of practice days ("2026-03-01" to "2026-03-31", both included) as the instants the
 * API filters on: from the first day's midnight to the midnight after the last day, each
 * midnight in the practice's zone (`midnight` turns a date into that instant).
 */
export function dayRange(from: string, to: string, midnight: (date: string) => string): { since?: string; until?: string } {
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  const range: { since?: string; until?: string } = {};
  if (valid(from)) range.since = midnight(from);
  if (valid(to)) range.until = midnight(nextDay(to));
  return range;
}

export function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}
