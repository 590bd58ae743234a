/** Amounts are integer cents in the API; a payer reads dollars ("$150.50"). */
export function formatCents(cents: number, currency = "USD"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}
