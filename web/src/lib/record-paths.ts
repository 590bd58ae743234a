/**
 * Where each record's screen is. Ids in paths are fine; names and emails never go in a URL.
 * Screen paths never equal an API GET path (/people, /cases), which the service answers itself.
 */
export const personPath = (personId: string) => `/clients/people/${personId}`;
export const casePath = (caseId: string) => `/clients/cases/${caseId}`;
export const historyPath = (recordId: string) => `/audit/history?record=${encodeURIComponent(recordId)}`;

export const LIFECYCLE_STATUSES = [
  { value: "prospect", label: "Prospect" },
  { value: "intake_pending", label: "Intake pending" },
  { value: "active", label: "Active" },
  { value: "waitlist", label: "Waitlist" },
  { value: "inactive", label: "Inactive" },
  { value: "contact", label: "Contact" },
  { value: "archived", label: "Archived" },
] as const;

export function lifecycleLabel(status: string | null | undefined): string {
  return LIFECYCLE_STATUSES.find((s) => s.value === status)?.label ?? (status ?? "").replaceAll("_", " ");
}

export const CONTACT_TYPES = [
  { value: "therapy_client", label: "Therapy client" },
  { value: "consultation_client", label: "Consultation client" },
  { value: "group_participant", label: "Group participant" },
  { value: "contact", label: "Contact" },
] as const;

export function contactTypeLabel(value: string): string {
  return CONTACT_TYPES.find((s) => s.value === value)?.label ?? value.replaceAll("_", " ");
}
