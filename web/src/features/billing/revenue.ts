/** Revenue rows gathered for the screen: per provider, with the practice's total. */
export type RevenueRow = { provider_id: string; month: string; billed_cents: number; credited_cents: number; net_cents: number };

export type Totals = { billed_cents: number; credited_cents: number; net_cents: number };

export function totals(rows: readonly RevenueRow[]): Totals {
  return rows.reduce(
    (t, r) => ({ billed_cents: t.billed_cents + r.billed_cents, credited_cents: t.credited_cents + r.credited_cents, net_cents: t.net_cents + r.net_cents }),
    { billed_cents: 0, credited_cents: 0, net_cents: 0 },
  );
}

/** Each provider's total over the range, largest first. */
export function byProvider(rows: readonly RevenueRow[]): (Totals & { provider_id: string })[] {
  const grouped = new Map<string, RevenueRow[]>();
  for (const r of rows) grouped.set(r.provider_id, [...(grouped.get(r.provider_id) ?? []), r]);
  return [...grouped].map(([provider_id, own]) => ({ provider_id, ...totals(own) })).sort((a, b) => b.net_cents - a.net_cents);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A range the service takes: two months, the first not after the second. */
export function validRange(from: string, to: string): boolean {
  return MONTH.test(from) && MONTH.test(to) && from <= to;
}
