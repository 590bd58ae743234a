function parts(day: string): [number, number] {
  const [y = "1970", m = "1"] = day.split("-");
  return [Number(y), Number(m)];
}

/** The default period of a new document: the month before the given practice-local date. */
export function previousMonth(today: string): { start: string; end: string } {
  const [year, month] = parts(today);
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  return { start: `${y}-${mm}-01`, end: `${y}-${mm}-${String(last).padStart(2, "0")}` };
}

/** "Nov 2026" for a month's range, else "2026-11-03 – 2026-11-20". */
export function periodLabel(start: string, end: string): string {
  const { start: s, end: e } = previousMonth(nextMonthOf(start));
  if (s === start && e === end) {
    const [y, m] = parts(start);
    return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
  }
  return start === end ? start : `${start} – ${end}`;
}

function nextMonthOf(day: string): string {
  const [y, m] = parts(day);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}
