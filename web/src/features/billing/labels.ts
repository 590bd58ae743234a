/** The practice's words for billing states, methods and modes. */

export const INVOICE_STATUS: Record<string, { label: string; color: string }> = {
  draft: { label: "Draft", color: "gray" },
  issued: { label: "Issued", color: "blue" },
  sent: { label: "Sent", color: "blue" },
  partially_paid: { label: "Partially paid", color: "yellow" },
  paid: { label: "Paid", color: "indigo" },
  void: { label: "Void", color: "gray" },
};

export const invoiceStatus = (status: string) => INVOICE_STATUS[status] ?? { label: status, color: "gray" };

export const METHODS = [
  { value: "card", label: "Card" },
  { value: "us_bank_account", label: "US bank account" },
  { value: "cash", label: "Cash" },
  { value: "check", label: "Check" },
  { value: "zelle", label: "Zelle" },
  { value: "other", label: "Other" },
] as const;

export const OUTSIDE_METHODS = METHODS.filter((m) => ["cash", "check", "zelle", "other"].includes(m.value));

export const methodLabel = (method: string) => METHODS.find((m) => m.value === method)?.label ?? method;

export const BILLING_MODES = [
  { value: "manual", label: "Manual: staff invoice by hand" },
  { value: "auto_invoice", label: "Auto-invoice: on the schedule, paid through the pay link" },
  { value: "autopay", label: "AutoPay: on the schedule, charged to the saved method" },
  { value: "daily_autopay", label: "Daily AutoPay: invoiced and charged after each session" },
] as const;

export const billingModeLabel = (mode: unknown) => BILLING_MODES.find((m) => m.value === mode)?.label.split(":")[0] ?? String(mode);

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export type Schedule = { frequency: string; weekday?: number | null; day?: number | null };

export function scheduleLabel(schedule: Schedule): string {
  if (schedule.frequency === "daily") return "Daily";
  if (schedule.frequency === "weekly") return `Weekly on ${WEEKDAYS[schedule.weekday ?? 0]}`;
  return `Monthly on day ${schedule.day ?? 1}`;
}
