import { describe, expect, it } from "vitest";
import type { ScheduledAppointment } from "./api/get-schedule";
import { toEvent, wallClockOfCalendarString } from "./calendar-events";

const appointment = (over: Partial<ScheduledAppointment>) =>
  ({
    appointment_id: "a1",
    case_label: "Couple · A. & B.",
    starts_at: "2026-03-09T14:00:00Z",
    ends_at: "2026-03-09T14:50:00Z",
    status: "scheduled",
    ...over,
  }) as ScheduledAppointment;

describe("calendar events", () => {
  it("reads FullCalendar's zoned strings as the practice's wall clock, ignoring the offset", () => {
    expect(wallClockOfCalendarString("2026-03-09T10:00:00-04:00")).toEqual({ date: "2026-03-09", time: "10:00" });
    expect(wallClockOfCalendarString("2026-03-09T23:45:00+14:00")).toEqual({ date: "2026-03-09", time: "23:45" });
    expect(wallClockOfCalendarString("2026-03-09")).toEqual({ date: "2026-03-09", time: "00:00" });
    expect(() => wallClockOfCalendarString("soon")).toThrow();
  });

  it("names every status but the plain scheduled one, and strikes cancellations through", () => {
    expect(toEvent(appointment({})).title).toBe("Couple · A. & B.");
    const absent = toEvent(appointment({ status: "planned_absence" }));
    expect(absent.title).toBe("Planned absence · Couple · A. & B.");
    expect(absent.classNames).toEqual(["pr-cancelled"]);
    expect(toEvent(appointment({ status: "late_cancelled" })).title).toMatch(/^Late cancellation · /);
    expect(toEvent(appointment({ status: "confirmed" })).classNames).toEqual([]);
  });

  it("keeps the instants as the service sent them (FullCalendar places them in the practice zone)", () => {
    const event = toEvent(appointment({}));
    expect([event.start, event.end]).toEqual(["2026-03-09T14:00:00Z", "2026-03-09T14:50:00Z"]);
  });
});
