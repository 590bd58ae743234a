"""Appointments, the booking days that keep a provider (and a room) from being double-booked,
and recurring series.

The double-booking guard is a consistency boundary, not a query: every provider (and room)
has one ``BookingDay`` aggregate per UTC date, with a deterministic id, holding that day's
bookings. Booking or moving an appointment changes the day aggregates it touches and saves
them in the same atomic write as the appointment. Two concurrent bookings both load version N
of a day; the store accepts only one version N+1, so the other write fails as a whole and is
retried against the new state (where it meets the overlap) or answered with 409. UTC dates,
not local ones, so that a practice changing its timezone can never split one instant across
two guards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import InvalidValue, RuleViolation

MAX_DURATION = timedelta(hours=10)
SERIES_HORIZON = timedelta(weeks=26)


class AppointmentStatus(StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED_BY_PRACTICE = "cancelled_by_practice"
    PLANNED_ABSENCE = "planned_absence"
    CANCELLED_BY_CLIENT = "cancelled_by_client"
    LATE_CANCELLED = "late_cancelled"
    # Not a cancellation: a "this and all following" edit replaced it with a new occurrence.
    SUPERSEDED = "superseded"

    @property
    def is_upcoming(self) -> bool:
        return self in (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)

    @property
    def is_cancelled(self) -> bool:
        return self in CANCELLED


CANCELLED = frozenset(
    {
        AppointmentStatus.CANCELLED_BY_PRACTICE,
        AppointmentStatus.PLANNED_ABSENCE,
        AppointmentStatus.CANCELLED_BY_CLIENT,
        AppointmentStatus.LATE_CANCELLED,
    }
)


class Attendance(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise InvalidValue("Times need a timezone offset.", field=name)
            object.__setattr__(self, name, value.astimezone(UTC))
        if self.end <= self.start:
            raise InvalidValue("An appointment ends after it starts.", field="end")
        if self.end - self.start > MAX_DURATION:
            raise InvalidValue("An appointment lasts at most 10 hours.", field="end")

    def overlaps(self, other: TimeRange) -> bool:
        return self.start < other.end and other.start < self.end

    def utc_days(self) -> list[date]:
        """Every UTC date the range touches (two when it crosses midnight)."""
        first, last = self.start.date(), (self.end - timedelta(microseconds=1)).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def classify_cancellation(
    *, by_client: bool, start: datetime, at: datetime, late_window: timedelta
) -> tuple[AppointmentStatus, bool]:
    """(status before the allowance is considered, late?). A client cancelling inside the
    late-cancel window is a late cancellation; earlier, it may become a planned absence if the
    case has allowance left (decided by the caller with the case)."""
    late = start - at < late_window
    if not by_client:
        return AppointmentStatus.CANCELLED_BY_PRACTICE, late
    if late:
        return AppointmentStatus.LATE_CANCELLED, True
    return AppointmentStatus.CANCELLED_BY_CLIENT, False


class Appointment(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        case_id: str,
        case_kind: str,
        provider_id: str,
        service_id: str,
        location_id: str,
        room_id: str | None,
        session_format: str,
        start: datetime,
        end: datetime,
        supervisor_id: str | None,
        series_id: str | None,
        recurrence_id: datetime | None,
    ) -> None:
        self.practice_id = practice_id
        self.case_id = case_id
        self.case_kind = case_kind
        self.provider_id = provider_id
        self.service_id = service_id
        self.location_id = location_id
        self.room_id = room_id
        self.session_format = session_format
        self.start = start
        self.end = end
        self.supervisor_id = supervisor_id
        self.series_id = series_id
        self.recurrence_id = recurrence_id
        self.status = AppointmentStatus.SCHEDULED
        self.late = False
        self.cancel_reason: str | None = None
        self.attendance: dict[str, str] = {}

    @property
    def time_range(self) -> TimeRange:
        return TimeRange(self.start, self.end)

    # -- events ---------------------------------------------------------------------------

    class Booked(PracticeAggregate.Created):
        practice_id: str
        case_id: str
        case_kind: str
        provider_id: str
        service_id: str
        location_id: str
        room_id: str | None
        session_format: str
        start: datetime
        end: datetime
        supervisor_id: str | None
        series_id: str | None
        recurrence_id: datetime | None
        # The practice's reminder offsets when booked: reminders are decided from this fact.
        reminder_offsets: list[int]

    class Confirmed(PracticeAggregate.Event):
        def apply(self, appointment: Appointment) -> None:
            appointment.status = AppointmentStatus.CONFIRMED

    class Rescheduled(PracticeAggregate.Event):
        start: datetime
        end: datetime
        previous_start: datetime
        provider_id: str
        location_id: str
        room_id: str | None
        session_format: str
        reminder_offsets: list[int]

        def apply(self, appointment: Appointment) -> None:
            appointment.start = self.start
            appointment.end = self.end
            appointment.provider_id = self.provider_id
            appointment.location_id = self.location_id
            appointment.room_id = self.room_id
            appointment.session_format = self.session_format
            appointment.status = AppointmentStatus.SCHEDULED

    class SupervisorChanged(PracticeAggregate.Event):
        supervisor_id: str | None

        def apply(self, appointment: Appointment) -> None:
            appointment.supervisor_id = self.supervisor_id

    class Cancelled(PracticeAggregate.Event):
        status: str
        late: bool
        reason: str | None

        def apply(self, appointment: Appointment) -> None:
            appointment.status = AppointmentStatus(self.status)
            appointment.late = self.late
            appointment.cancel_reason = self.reason

    class Superseded(PracticeAggregate.Event):
        by_series_id: str

        def apply(self, appointment: Appointment) -> None:
            appointment.status = AppointmentStatus.SUPERSEDED

    class Completed(PracticeAggregate.Event):
        attendance: dict[str, str]

        def apply(self, appointment: Appointment) -> None:
            appointment.status = AppointmentStatus.COMPLETED
            appointment.attendance = dict(self.attendance)

    class MarkedNoShow(PracticeAggregate.Event):
        def apply(self, appointment: Appointment) -> None:
            appointment.status = AppointmentStatus.NO_SHOW

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def book(
        cls,
        *,
        id: UUID,
        practice_id: str,
        case_id: str,
        case_kind: str,
        provider_id: str,
        service_id: str,
        location_id: str,
        room_id: str | None,
        session_format: str,
        when: TimeRange,
        supervisor_id: str | None,
        reminder_offsets: list[int],
        by: Actor,
        at: datetime | None,
        series_id: str | None = None,
        recurrence_id: datetime | None = None,
    ) -> Appointment:
        if supervisor_id is not None and supervisor_id == provider_id:
            raise InvalidValue(
                "A clinician does not supervise their own session.", field="supervisor_id"
            )
        return cls._start(
            cls.Booked,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            case_id=case_id,
            case_kind=case_kind,
            provider_id=provider_id,
            service_id=service_id,
            location_id=location_id,
            room_id=room_id,
            session_format=session_format,
            start=when.start,
            end=when.end,
            supervisor_id=supervisor_id,
            series_id=series_id,
            recurrence_id=recurrence_id,
            reminder_offsets=list(reminder_offsets),
        )

    def _must_be_upcoming(self, doing: str) -> None:
        if not self.status.is_upcoming:
            raise RuleViolation(
                f"A {self.status.value.replace('_', ' ')} appointment cannot be {doing}.",
                reason="appointment-not-upcoming",
            )

    def confirm(self, by: Actor, at: datetime | None) -> None:
        self._must_be_upcoming("confirmed")
        if self.status != AppointmentStatus.CONFIRMED:
            self._happen(self.Confirmed, by, at)

    def reschedule(
        self,
        *,
        when: TimeRange,
        provider_id: str,
        location_id: str,
        room_id: str | None,
        session_format: str,
        reminder_offsets: list[int],
        by: Actor,
        at: datetime | None,
    ) -> None:
        self._must_be_upcoming("rescheduled")
        if provider_id == self.supervisor_id:
            raise InvalidValue(
                "A clinician does not supervise their own session.", field="provider_id"
            )
        unchanged = when == self.time_range and (provider_id, location_id, room_id) == (
            self.provider_id,
            self.location_id,
            self.room_id,
        )
        if unchanged:
            return
        self._happen(
            self.Rescheduled,
            by,
            at,
            start=when.start,
            end=when.end,
            previous_start=self.start,
            provider_id=provider_id,
            location_id=location_id,
            room_id=room_id,
            session_format=session_format,
            reminder_offsets=list(reminder_offsets),
        )

    def change_supervisor(self, supervisor_id: str | None, by: Actor, at: datetime | None) -> None:
        if supervisor_id is not None and supervisor_id == self.provider_id:
            raise InvalidValue(
                "A clinician does not supervise their own session.", field="supervisor_id"
            )
        if supervisor_id != self.supervisor_id:
            self._happen(self.SupervisorChanged, by, at, supervisor_id=supervisor_id)

    def cancel(
        self,
        status: AppointmentStatus,
        late: bool,
        reason: str | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        self._must_be_upcoming("cancelled")
        if status not in CANCELLED:
            raise InvalidValue("That is not a cancellation status.", field="status")
        clean = (reason or "").strip() or None
        if clean and len(clean) > 500:
            raise InvalidValue("A cancellation reason is at most 500 characters.", field="reason")
        self._happen(self.Cancelled, by, at, status=status.value, late=late, reason=clean)

    def supersede(self, by_series_id: str, by: Actor, at: datetime | None) -> None:
        self._must_be_upcoming("replaced")
        self._happen(self.Superseded, by, at, by_series_id=by_series_id)

    def complete(
        self, attendance: dict[str, str], participants: list[str], by: Actor, at: datetime
    ) -> None:
        """Completes the session. For groups, ``attendance`` names each participant; one absent
        member does not cancel the session, but nobody present makes it a no-show."""
        self._must_be_upcoming("completed")
        if at < self.start:
            raise RuleViolation("An appointment can be completed once it has started.")
        unknown = set(attendance) - set(participants)
        if unknown:
            raise InvalidValue(
                "Attendance names someone who does not take part in this case.", field="attendance"
            )
        record = {p: Attendance(attendance.get(p, Attendance.PRESENT)).value for p in participants}
        if record and all(v == Attendance.ABSENT for v in record.values()):
            raise RuleViolation(
                "Nobody attended: mark the appointment as a no-show instead.", reason="all-absent"
            )
        self._happen(self.Completed, by, at, attendance=record)

    def mark_no_show(self, by: Actor, at: datetime) -> None:
        self._must_be_upcoming("marked as a no-show")
        if at < self.start:
            raise RuleViolation("A no-show can be recorded once the appointment has started.")
        self._happen(self.MarkedNoShow, by, at)
