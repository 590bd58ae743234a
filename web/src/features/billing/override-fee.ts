/**
 * A case's or billing contact's own late-cancellation or no-show fee, as a choice: as the
 * practice (nothing kept: `null` resets it), not invoiced (kept as 0, which billing never
 * invoices), or this fee (an amount above zero).
 */
import { centsToInput, parseMoney } from "./money";

export type FeeChoice = "practice" | "none" | "fee";

export const FEE_CHOICES: { value: FeeChoice; label: string }[] = [
  { value: "practice", label: "As the practice" },
  { value: "none", label: "Not invoiced" },
  { value: "fee", label: "This fee" },
];

/** The choice and the amount's text for what the override keeps. */
export function feeChoiceOf(kept: unknown, currency: string): { choice: FeeChoice; text: string } {
  if (typeof kept !== "number") return { choice: "practice", text: "" };
  if (kept === 0) return { choice: "none", text: "" };
  return { choice: "fee", text: centsToInput(kept, currency) };
}

/** What is sent: null (as the practice), 0 (not invoiced), the cents, or `undefined` when
 * "this fee" has no amount above zero that reads as money. */
export function feeToSend(choice: FeeChoice, text: string, currency: string): number | null | undefined {
  if (choice === "practice") return null;
  if (choice === "none") return 0;
  const cents = text.trim() === "" ? null : parseMoney(text, currency);
  return cents !== null && cents > 0 ? cents : undefined;
}

/** The fee that applies now, in words. */
export function feeNow(applied: unknown, money: (cents: number) => string): string {
  return typeof applied === "number" && applied > 0 ? money(applied) : "not invoiced";
}
