import type { components } from "@/lib/api/schema";
import { formatPracticeDateTime } from "@/lib/practice-time";

type Consent = components["schemas"]["PayerAutoPayConsent"];

const PLACES: Record<string, string> = { portal: "in the client portal" };

/** How and when a payer gave the consent their AutoPay is on by, in the practice's time. */
export function consentGiven(consent: Consent, timeZone: string, locale?: string): string {
  const where = PLACES[consent.given_in] ?? `by ${consent.given_in}`;
  return `The client agreed ${where} on ${formatPracticeDateTime(consent.at, timeZone, locale)}.`;
}

/** What staff are told about AutoPay that is on: by the client's own consent, or not. */
export function autopayBasis(on: boolean, consent: Consent | null | undefined): string | null {
  if (!on) return null;
  return consent ? "On by the client's own consent" : "Turned on by staff: no consent from the client in the portal";
}
