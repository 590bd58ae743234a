"""The scheduling context: appointments, recurring series, the booking-day guards, calendar
feeds and reminders."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.scheduling.booking_days import BookingDay
from practicerunner.domain.scheduling.feeds import CalendarFeed
from practicerunner.domain.scheduling.series import RecurringSeries
from practicerunner.processes.jobs import JobKind
from practicerunner.processes.scheduling import reminders
from practicerunner.projections.scheduling.schedule import Schedule

CONTEXT = ContextDeclaration(
    name="scheduling",
    store="scheduling",
    aggregates=(Appointment, RecurringSeries, BookingDay, CalendarFeed),
    projections=(Schedule,),
    deciders=(
        (Appointment.Booked, reminders.when_appointment_booked_schedule_reminders),
        (Appointment.Rescheduled, reminders.when_appointment_rescheduled_schedule_reminders),
        (RecurringSeries.OccurrencesBooked, reminders.when_series_booked_plan_next_stretch),
    ),
    job_kinds=(
        JobKind(reminders.SEND_APPOINTMENT_REMINDER, reminders.send_appointment_reminder, "email"),
        JobKind(reminders.EXTEND_RECURRING_SERIES, reminders.extend_recurring_series),
    ),
    routers=(
        "practicerunner.api.scheduling.schedule",
        "practicerunner.api.scheduling.feeds",
        "practicerunner.api.scheduling.portal",
        "practicerunner.api.scheduling.portal_cancellations",
    ),
    moved_from=(
        ("practicerunner.domain.appointments", (Appointment, RecurringSeries, BookingDay)),
        ("practicerunner.domain.feeds", (CalendarFeed,)),
    ),
)
