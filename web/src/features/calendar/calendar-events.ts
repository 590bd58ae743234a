/**
 * From the schedule's appointments to FullCalendar events, and from FullCalendar's dates back
 * to the practice's wall clock. With a named timeZone (luxon plugin) FullCalendar's date
 * strings are ISO 8601 in the practice's zone ("2026-03-09T10:00:00-04:00"), so their date and
 * time parts are the practice's wall clock whatever the browser's zone.
 */
import type { EventInput } from "@fullcalendar/core";
import { statusLabel } from "@/lib/appointment-status";
import type { WallClock } from "@/lib/practice-time";
import type { ScheduledAppointment, ScheduleView } from "./api/get-schedule";

export const VIEW_OF: Record<string, ScheduleView> = {
  timeGridDay: "day",
  timeGridWeek: "week",
  dayGridMonth: "month",
};

export const FC_VIEW: Record<string, string> = Object.fromEntries(
  Object.entries(VIEW_OF).map(([fc, view]) => [view, fc]),
);

/** The practice wall clock of a FullCalendar date string ("2026-03-09" means midnight). */
export function wallClockOfCalendarString(value: string): WallClock {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(value);
  if (!match) throw new Error(`not a calendar date: ${value}`);
  return { date: match[1]!, time: match[2] ?? "00:00" };
}

const CANCELLED = new Set(["cancelled_by_practice", "planned_absence", "cancelled_by_client", "late_cancelled"]);

/** Colours with white text at WCAG AA contrast; cancelled ones muted and struck through. */
const COLOURS: Record<string, string> = {
  scheduled: "#1864ab",
  confirmed: "#2b8a3e",
  completed: "#495057",
  no_show: "#c92a2a",
  planned_absence: "#5f3dc4",
};

export function isCancelled(status: string): boolean {
  return CANCELLED.has(status);
}

export function toEvent(a: ScheduledAppointment): EventInput {
  const cancelled = isCancelled(a.status);
  const colour = COLOURS[a.status] ?? (cancelled ? "#6c4a00" : "#1864ab");
  const prefix = a.status === "scheduled" ? "" : `${statusLabel(a.status)} · `;
  return {
    id: a.appointment_id,
    title: `${prefix}${a.case_label}`,
    start: a.starts_at,
    end: a.ends_at,
    backgroundColor: colour,
    borderColor: colour,
    textColor: "#ffffff",
    classNames: cancelled ? ["pr-cancelled"] : [],
    extendedProps: { status: a.status },
  };
}
