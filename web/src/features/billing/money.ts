/**
 * Money is integer cents in the API and in every event; the browser never does arithmetic in
 * floating point. Staff type amounts the way they write them ("150", "$1,200.50"); the screen
 * shows them with Intl in the practice's currency.
 */

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format;
}

/** How many minor units the currency has (2 for USD and EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  return currencyFormat(currency, "en-US").resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$1,234.56" for 123456 cents in USD. */
export function formatMoney(cents: number, currency = "USD", locale = "en-US"): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const digits = minorDigits(currency);
  return currencyFormat(currency, locale).format(cents / 10 ** digits);
}

const GROUPED = /^\d{1,3}(,\d{3})+$/;
const PLAIN = /^\d+$/;

/**
 * Cents from what staff typed, or null when it is not an amount the service would take:
 * negative, more decimals than the currency has, letters, or nothing at all.
 */
export function parseMoney(text: string, currency = "USD"): number | null {
  const cleaned = text.trim().replace(/^[^\d\s.,-]{1,3}\s?/, "");
  const [whole = "", fraction, extra] = cleaned.split(".");
  const digits = minorDigits(currency);
  if (extra !== undefined || !(PLAIN.test(whole) || GROUPED.test(whole))) return null;
  if (fraction !== undefined && !(fraction.length >= 1 && fraction.length <= digits && PLAIN.test(fraction))) return null;
  const cents = Number(whole.replaceAll(",", "")) * 10 ** digits + Number((fraction ?? "").padEnd(digits, "0") || "0");
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents back into a field: 1999 -> "19.99" (no currency sign, no grouping). */
export function centsToInput(cents: number, currency = "USD"): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(cents);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, "0")}`;
}
