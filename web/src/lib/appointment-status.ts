/** The practice's words for an appointment's status as the API names it. */
const LABELS: Record<string, string> = {
  scheduled: "Scheduled",
  confirmed: "Confirmed",
  completed: "Completed",
  no_show: "No-show",
  cancelled_by_practice: "Cancelled by the practice",
  planned_absence: "Planned absence",
  cancelled_by_client: "Cancelled by client",
  late_cancelled: "Late cancellation",
  superseded: "Moved",
};

export function statusLabel(status: string): string {
  return LABELS[status] ?? status.replaceAll("_", " ");
}

export const isUpcomingStatus = (status: string) => status === "scheduled" || status === "confirmed";
