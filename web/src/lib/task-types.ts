/**
 * Task types in the practice's words. Automatic sources add types over time (billing
 * problems, intake, imports): an unknown type still reads as words.
 */
const LABELS: Record<string, { one: string; many: string }> = {
  supervision_review: { one: "Note to review", many: "Notes to review" },
  missing_note: { one: "Missing note", many: "Missing notes" },
  representative_verification: { one: "Representative to verify", many: "Representatives to verify" },
  to_do: { one: "To-do", many: "To-dos" },
  payment_failed: { one: "Failed payment", many: "Failed payments" },
  payment_returned: { one: "Returned payment", many: "Returned payments" },
  autopay_turned_off: { one: "AutoPay turned off", many: "AutoPay turned off" },
  invoice_overdue: { one: "Overdue invoice", many: "Overdue invoices" },
  intake_incomplete: { one: "Incomplete intake", many: "Incomplete intakes" },
  imported_record_review: { one: "Imported record to review", many: "Imported records to review" },
  new_inquiry: { one: "New inquiry", many: "New inquiries" },
};

function words(type: string): string {
  const text = type.replaceAll("_", " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function taskTypeLabel(type: string, count = 1): string {
  const label = LABELS[type];
  if (!label) return words(type);
  return count === 1 ? label.one : label.many;
}

/** The types a filter offers: the known ones, plus any the answer brought along. */
export function knownTaskTypes(): { value: string; label: string }[] {
  return Object.keys(LABELS).map((value) => ({ value, label: taskTypeLabel(value) }));
}

export const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  provider: "Provider",
  associate: "Associate",
  coordinator: "Coordinator",
  scheduler: "Scheduler",
  billing: "Billing",
};
