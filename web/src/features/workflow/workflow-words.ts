/** The workflow state in the practice's words, with a colour that meets AA contrast as a light badge. */
const STATES: Record<string, { label: string; color: string }> = {
  needs_attention: { label: "Needs attention", color: "red" },
  intake_incomplete: { label: "Intake incomplete", color: "yellow" },
  payment_method_missing: { label: "Payment method missing", color: "yellow" },
  imported_record_needs_review: { label: "Imported record needs review", color: "yellow" },
  ready_to_schedule: { label: "Ready to schedule", color: "blue" },
  scheduled: { label: "Scheduled", color: "indigo" },
  nothing_to_do: { label: "Nothing to do", color: "gray" },
};

export function workflowState(state: string): { label: string; color: string } {
  const known = STATES[state];
  if (known) return known;
  const words = state.replaceAll("_", " ");
  return { label: words.charAt(0).toUpperCase() + words.slice(1), color: "gray" };
}

/** "2 of 4 done" for the onboarding checklist. */
export function checklistProgress(items: readonly { done: boolean }[]): string {
  return `${items.filter((i) => i.done).length} of ${items.length} done`;
}
