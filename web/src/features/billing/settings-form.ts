/**
 * The billing settings form: what the service keeps (cents, hours, lists) and what staff type
 * (amounts and lists as text), both ways. A form that does not read answers with its error.
 */
import { centsToInput, parseMoney } from "./money";

export type BillingValues = Record<string, unknown>;

export type SettingsForm = {
  billing_mode: string;
  accepted_methods: string[];
  review_delay_hours: number | string;
  payment_terms_days: number | string;
  late_cancel_fee: string;
  no_show_fee: string;
  discount_applies_to: string[];
  discount_kind: string;
  discount_value: string;
  autopay_notice: boolean;
  autopay_notice_hours: number | string;
  autopay_retry_days: string;
};

const feeText = (cents: unknown, currency: string) => (typeof cents === "number" ? centsToInput(cents, currency) : "");

export function formFromValues(values: BillingValues, currency: string): SettingsForm {
  const discount = (values.discount ?? {}) as { applies_to?: string[]; kind?: string; value?: number };
  const kind = discount.kind === "fixed" ? "fixed" : "percent";
  return {
    billing_mode: String(values.billing_mode ?? "manual"),
    accepted_methods: (values.accepted_methods as string[] | undefined) ?? [],
    review_delay_hours: Number(values.review_delay_hours ?? 0),
    payment_terms_days: Number(values.payment_terms_days ?? 14),
    late_cancel_fee: feeText(values.late_cancel_fee_cents, currency),
    no_show_fee: feeText(values.no_show_fee_cents, currency),
    discount_applies_to: discount.applies_to ?? [],
    discount_kind: kind,
    discount_value: kind === "fixed" ? feeText(discount.value ?? 0, currency) : String(discount.value ?? 0),
    autopay_notice: values.autopay_notice !== false,
    autopay_notice_hours: Number(values.autopay_notice_hours ?? 48),
    autopay_retry_days: ((values.autopay_retry_days as number[] | undefined) ?? []).join(", "),
  };
}

function days(text: string): number[] | null {
  const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  if (!parts.every((p) => /^\d{1,2}$/.test(p))) return null;
  return parts.map(Number);
}

export function valuesFromForm(form: SettingsForm, currency: string): { values: BillingValues } | { error: string; field: string } {
  type Fee = { cents: number | null } | { error: string; field: string };
  const fee = (text: string, field: string): Fee => {
    if (text.trim() === "") return { cents: null };
    const cents = parseMoney(text, currency);
    return cents === null ? { error: "Enter an amount such as 150 or 150.50, or leave it blank", field } : { cents };
  };
  const late = fee(form.late_cancel_fee, "late_cancel_fee_cents");
  if (!("cents" in late)) return late;
  const noShow = fee(form.no_show_fee, "no_show_fee_cents");
  if (!("cents" in noShow)) return noShow;
  let discountValue: number | null;
  if (form.discount_kind === "fixed") discountValue = parseMoney(form.discount_value || "0", currency);
  else discountValue = /^\d{1,2}$/.test(form.discount_value.trim() || "0") ? Number(form.discount_value.trim() || "0") : null;
  if (discountValue === null) return { error: form.discount_kind === "fixed" ? "Enter an amount such as 10 or 12.50" : "Enter a whole percent from 0 to 50", field: "discount" };
  const retry = days(form.autopay_retry_days);
  if (retry === null) return { error: "Days after the first try, such as 1, 3", field: "autopay_retry_days" };
  return {
    values: {
      billing_mode: form.billing_mode,
      accepted_methods: form.accepted_methods,
      review_delay_hours: Number(form.review_delay_hours),
      payment_terms_days: Number(form.payment_terms_days),
      late_cancel_fee_cents: late.cents,
      no_show_fee_cents: noShow.cents,
      discount: { applies_to: form.discount_applies_to, kind: form.discount_kind, value: discountValue },
      autopay_notice: form.autopay_notice,
      autopay_notice_hours: Number(form.autopay_notice_hours),
      autopay_retry_days: retry,
    },
  };
}
