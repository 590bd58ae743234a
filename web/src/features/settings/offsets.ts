/**
 * Reminder offsets: the API keeps minutes before the appointment ([1440, 120]); staff read and
 * type them as "24h, 2h" (or "90m", "1d"). Up to 5, each between 5 minutes and 14 days.
 */
const UNITS: Record<string, number> = { m: 1, h: 60, d: 1440 };

export function parseOffsets(text: string): { minutes: number[] } | { error: string } {
  const parts = text.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean);
  if (parts.length > 5) return { error: "At most 5 reminders" };
  const minutes: number[] = [];
  for (const part of parts) {
    const match = /^(\d+)\s*([mhd])$/.exec(part);
    if (!match) return { error: `“${part}” is not a time such as 24h, 90m or 2d` };
    const value = Number(match[1]) * UNITS[match[2]!]!;
    if (value < 5 || value > 20160) return { error: "Each reminder is between 5 minutes and 14 days before" };
    minutes.push(value);
  }
  return { minutes: [...new Set(minutes)].sort((a, b) => b - a) };
}

export function formatOffsets(minutes: readonly number[]): string {
  return minutes
    .map((m) => (m % 1440 === 0 && m >= 2880 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`))
    .join(", ");
}
