/**
 * Read-your-writes. Every command answers with the log position it wrote (`X-Log-Position`,
 * e.g. "scheduling:42"); queries that pass it back as `?after=` wait until the read models
 * have caught up, so a screen never shows the world from before the user's own change.
 */
const latest = new Map<string, number>();

export function rememberPosition(position: string | null | undefined): void {
  if (!position) return;
  const [context, value] = position.split(":");
  const number = Number(value);
  if (!context || !Number.isFinite(number)) return;
  latest.set(context, Math.max(number, latest.get(context) ?? 0));
}

/** The position to wait for in `context`, if this browser wrote there. */
export function after(context: string): string | undefined {
  const position = latest.get(context);
  return position === undefined ? undefined : `${context}:${position}`;
}

export function forgetPositions(): void {
  latest.clear();
}
