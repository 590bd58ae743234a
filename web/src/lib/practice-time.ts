/**
 * Times are stored in UTC and always shown in the practice's timezone, with the zone named,
 * whatever timezone the browser is in. Booking forms go the other way: a date and a wall-clock
 * time in the practice become one UTC instant.
 */

export type WallClock = { date: string; time: string }; // "2026-03-02", "09:00"

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormat.set(timeZone, format);
  }
  return format;
}

function fields(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** Minutes the zone is ahead of UTC at that instant (e.g. 60 for Berlin in winter). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const f = fields(instant, timeZone);
  const asUtc = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The practice's wall clock at an instant. */
export function wallClock(iso: string | Date, timeZone: string): WallClock {
  const f = fields(new Date(iso), timeZone);
  return { date: `${f.year}-${pad(f.month!)}-${pad(f.day!)}`, time: `${pad(f.hour!)}:${pad(f.minute!)}` };
}

/**
 * The UTC instant of a wall-clock time in the practice. In the hour skipped when clocks go
 * forward, the time is read with the offset from before the change (02:30 becomes 03:30);
 * in the repeated hour, the first occurrence is chosen.
 */
export function practiceInstant({ date, time }: WallClock, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const naive = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  const before = offsetMinutes(new Date(naive - 86_400_000 / 2), timeZone);
  const guess = naive - before * 60_000;
  const actual = offsetMinutes(new Date(guess), timeZone);
  if (actual === before) return new Date(guess);
  const second = naive - actual * 60_000;
  return offsetMinutes(new Date(second), timeZone) === actual ? new Date(second) : new Date(guess);
}

/** The zone's short name at that instant, e.g. "CET", "GMT+1" or "EST". */
export function zoneAbbreviation(iso: string | Date, timeZone: string, locale?: string): string {
  const part = new Intl.DateTimeFormat(locale ?? "en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(iso))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** "Mon, Mar 2, 2026, 09:00 (Europe/Berlin)": a time in the practice, zone always shown. */
export function formatPracticeDateTime(iso: string | Date, timeZone: string, locale?: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

/** "09:00–09:50 CET" */
export function formatPracticeTimeRange(
  start: string | Date,
  end: string | Date,
  timeZone: string,
): string {
  const a = wallClock(start, timeZone).time;
  const b = wallClock(end, timeZone).time;
  return `${a}–${b} ${zoneAbbreviation(start, timeZone)}`;
}
