"""Commands on the schedule: booking single appointments and recurring series, rescheduling,
cancelling (with the late-cancel window and the planned absence allowance), confirming,
completing with attendance, and editing "this and all following" occurrences.

Every booking and move holds the provider's (and room's) ``BookingDay`` guards in the same
atomic write as the appointments (see ``domain/appointments.py``). When that write loses a
race, the command runs again on fresh state: it then either meets the overlap (409
``double-booking``) or succeeds because the concurrent booking did not overlap.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError
from pydantic import AwareDatetime, Field

from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.cases import clinician_of_practice
from practicerunner.commands.practice import practice_for_write
from practicerunner.domain.appointments import (
    Appointment,
    AppointmentStatus,
    BookingDay,
    DoubleBooking,
    RecurringSeries,
    TimeRange,
    classify_cancellation,
)
from practicerunner.domain.base import PracticeAggregate
from practicerunner.domain.cases import Case
from practicerunner.domain.catalog import Location, Service
from practicerunner.domain.errors import Conflict, InvalidValue, RuleViolation
from practicerunner.domain.practice import Practice
from practicerunner.domain.recurrence import RecurrenceRule, expand
from practicerunner.domain.roles import Role
from practicerunner.domain.staff import StaffMember

T = TypeVar("T")
SERIES_HORIZON = timedelta(weeks=26)
# The next stretch of a series is booked this long before the booked stretch runs out.
SERIES_EXTEND_AHEAD = timedelta(weeks=8)
RACE_RETRIES = 8


def retry_lost_races(run: Callable[[], T]) -> T:
    """Runs a command again when its write lost a race (a plain Conflict from ``save``);
    the rerun sees the winner's state and decides afresh. A short random pause spreads out
    writers that keep colliding on one busy day."""
    for attempt in range(RACE_RETRIES - 1):
        try:
            return run()
        except Conflict as e:
            if type(e) is not Conflict:
                raise
            time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
    return run()


def reminder_offsets(practice: Practice) -> list[int]:
    reminders = practice.settings["reminders"]
    return list(reminders["offsets_minutes"]) if reminders.get("email_enabled") else []


def local(practice: Practice, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(practice.timezone))


def describe(practice: Practice, when: TimeRange) -> str:
    start, end = local(practice, when.start), local(practice, when.end)
    return f"{start:%a %d %b %Y %H:%M}-{end:%H:%M}"


def start_must_be_plausible(ctx: CommandContext, start: datetime) -> None:
    now = ctx.now()
    if not now - timedelta(days=3660) <= start <= now + timedelta(days=1100):
        raise InvalidValue(
            "An appointment starts within the past ten years or the next three.", field="start"
        )


class DayGuards:
    """The ``BookingDay`` aggregates one command touches, loaded (or opened) once each."""

    def __init__(self, ctx: CommandContext, practice: Practice) -> None:
        self.ctx = ctx
        self.practice = practice
        self.days: dict[uuid.UUID, BookingDay] = {}

    def _day(self, kind: str, resource_id: str, day: date) -> BookingDay:
        day_id = BookingDay.id_for(kind, resource_id, day)
        if day_id not in self.days:
            try:
                found: Any = self.ctx.stores.scheduling.repository.get(day_id)
                assert isinstance(found, BookingDay)
            except AggregateNotFoundError:
                found = BookingDay.open(
                    str(self.practice.id), kind, resource_id, day, self.ctx.actor, self.ctx.now()
                )
            self.days[day_id] = found
        return self.days[day_id]

    def _resources(self, provider_id: str, room_id: str | None) -> list[tuple[str, str]]:
        resources = [("provider", provider_id)]
        if room_id:
            resources.append(("room", room_id))
        return resources

    def conflicts(
        self, appointment_id: str, when: TimeRange, provider_id: str, room_id: str | None
    ) -> list[str]:
        found = []
        for kind, resource_id in self._resources(provider_id, room_id):
            for day in when.utc_days():
                for _, held in self._day(kind, resource_id, day).conflicts(appointment_id, when):
                    found.append(f"{kind} busy {describe(self.practice, held)}")
        return sorted(set(found))

    def hold(
        self, appointment_id: str, when: TimeRange, provider_id: str, room_id: str | None
    ) -> None:
        for kind, resource_id in self._resources(provider_id, room_id):
            for day in when.utc_days():
                self._day(kind, resource_id, day).hold(
                    appointment_id, when, self.ctx.actor, self.ctx.now()
                )

    def release(
        self, appointment_id: str, when: TimeRange, provider_id: str, room_id: str | None
    ) -> None:
        for kind, resource_id in self._resources(provider_id, room_id):
            for day in when.utc_days():
                self._day(kind, resource_id, day).release(
                    appointment_id, self.ctx.actor, self.ctx.now()
                )

    def touched(self) -> list[BookingDay]:
        return list(self.days.values())


def refuse_double_booking(practice: Practice, when: TimeRange, conflicts: list[str]) -> None:
    if conflicts:
        raise DoubleBooking(
            f"{describe(practice, when)} ({practice.timezone}) overlaps: {'; '.join(conflicts)}.",
            conflicts="; ".join(conflicts),
        )


class Placement:
    """Where and with whom: the validated provider, service, location, room and supervisor."""

    def __init__(
        self,
        ctx: CommandContext,
        provider_id: uuid.UUID | str,
        service_id: uuid.UUID | str,
        location_id: uuid.UUID | str,
        room_id: str | None,
        supervisor_id: uuid.UUID | str | None,
    ) -> None:
        self.provider = clinician_of_practice(ctx, provider_id, "provider")
        self.service = load(ctx.stores.practice, Service, service_id, ctx.practice_id)
        if self.service.retired:
            raise RuleViolation("That service is retired.")
        self.location = load(ctx.stores.practice, Location, location_id, ctx.practice_id)
        if self.location.archived:
            raise RuleViolation("That location is archived.")
        if room_id is not None and room_id not in self.location.rooms:
            raise InvalidValue("That location has no such room.", field="room_id")
        self.room_id = room_id
        self.supervisor_id: str | None = None
        if supervisor_id is not None:
            supervisor = clinician_of_practice(ctx, supervisor_id, "supervising clinician")
            if supervisor.role == Role.ASSOCIATE:
                raise RuleViolation("A supervising clinician is a licensed provider or the owner.")
            self.supervisor_id = str(supervisor.id)

    @property
    def provider_id(self) -> str:
        return str(self.provider.id)

    @property
    def session_format(self) -> str:
        return self.location.session_format.value

    def time_range(self, start: datetime, end: datetime | None) -> TimeRange:
        return TimeRange(start, end or start + timedelta(minutes=self.service.duration_minutes))


def supervision_must_be_allowed(
    practice: Practice, provider: StaffMember, supervisor_id: str | None
) -> None:
    """A session's supervising clinician needs a plan with supervision (not Starter); anyone
    other than the provider's default supervisor (on Professional, the owner supervises every
    associate) is a case-level choice, which needs the Group plan."""
    if supervisor_id is None:
        return
    practice.must_allow_supervision()
    if supervisor_id not in (provider.default_supervisor_id, practice.owner_id):
        practice.must_allow_case_supervisors()


def open_case_of_practice(ctx: CommandContext, case_id: uuid.UUID | str) -> Case:
    case = load(ctx.stores.scheduling, Case, case_id, ctx.practice_id)
    if not case.is_open:
        raise RuleViolation("That case is closed; reopen it to book appointments.")
    return case


class BookAppointment(Command):
    case_id: uuid.UUID
    provider_id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    room_id: str | None = Field(default=None, max_length=64)
    supervisor_id: uuid.UUID | None = None
    start: AwareDatetime
    end: AwareDatetime | None = Field(default=None, description="defaults to the service length")


def book_appointment(cmd: BookAppointment, ctx: CommandContext) -> CommandResult:
    """Books one appointment; a provider or room already busy then answers 409."""

    def run() -> CommandResult:
        practice = practice_for_write(ctx)
        case = open_case_of_practice(ctx, cmd.case_id)
        place = Placement(
            ctx, cmd.provider_id, cmd.service_id, cmd.location_id, cmd.room_id, cmd.supervisor_id
        )
        supervision_must_be_allowed(practice, place.provider, place.supervisor_id)
        when = place.time_range(cmd.start, cmd.end)
        start_must_be_plausible(ctx, when.start)
        appointment_id = uuid.uuid4()
        guards = DayGuards(ctx, practice)
        refuse_double_booking(
            practice,
            when,
            guards.conflicts(str(appointment_id), when, place.provider_id, place.room_id),
        )
        appointment = Appointment.book(
            id=appointment_id,
            practice_id=str(practice.id),
            case_id=str(case.id),
            case_kind=case.kind.value,
            provider_id=place.provider_id,
            service_id=str(place.service.id),
            location_id=str(place.location.id),
            room_id=place.room_id,
            session_format=place.session_format,
            when=when,
            supervisor_id=place.supervisor_id,
            reminder_offsets=reminder_offsets(practice),
            by=ctx.actor,
            at=ctx.now(),
        )
        guards.hold(str(appointment_id), when, place.provider_id, place.room_id)
        return save(ctx.stores.scheduling, appointment, *guards.touched(), result_of=appointment)

    return retry_lost_races(run)


class AppointmentCommand(Command):
    appointment_id: uuid.UUID


def appointment_for_write(
    ctx: CommandContext, appointment_id: uuid.UUID, expected: int | None
) -> tuple[Practice, Appointment]:
    practice = practice_for_write(ctx)
    appointment = load(ctx.stores.scheduling, Appointment, appointment_id, ctx.practice_id)
    expect_version(appointment, expected)
    return practice, appointment


class RescheduleAppointment(AppointmentCommand):
    start: AwareDatetime
    end: AwareDatetime | None = None
    provider_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: str | None = Field(default=None, max_length=64)


def reschedule_appointment(
    cmd: RescheduleAppointment, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Moves one appointment (for a series occurrence: this one only). Reminders follow the
    new time; the old slot is freed in the same write."""

    def run() -> CommandResult:
        practice, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
        location_id = cmd.location_id or appointment.location_id
        room_id = cmd.room_id if (cmd.room_id or cmd.location_id) else appointment.room_id
        place = Placement(
            ctx,
            cmd.provider_id or appointment.provider_id,
            appointment.service_id,
            location_id,
            room_id,
            appointment.supervisor_id,
        )
        if cmd.end is None:
            when = TimeRange(cmd.start, cmd.start + (appointment.end - appointment.start))
        else:
            when = TimeRange(cmd.start, cmd.end)
        start_must_be_plausible(ctx, when.start)
        old = appointment.time_range
        old_provider, old_room = appointment.provider_id, appointment.room_id
        appointment.reschedule(
            when=when,
            provider_id=place.provider_id,
            location_id=str(place.location.id),
            room_id=place.room_id,
            session_format=place.session_format,
            reminder_offsets=reminder_offsets(practice),
            by=ctx.actor,
            at=ctx.now(),
        )
        guards = DayGuards(ctx, practice)
        guards.release(str(appointment.id), old, old_provider, old_room)
        key = str(appointment.id)
        refuse_double_booking(
            practice, when, guards.conflicts(key, when, place.provider_id, place.room_id)
        )
        guards.hold(key, when, place.provider_id, place.room_id)
        return save(ctx.stores.scheduling, appointment, *guards.touched(), result_of=appointment)

    return retry_lost_races(run)


class CancelAppointment(AppointmentCommand):
    by: Literal["client", "practice"]
    reason: str | None = Field(default=None, max_length=500)


def cancel_appointment(
    cmd: CancelAppointment, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Cancels and frees the slot. A client's cancellation inside the late-cancel window is a
    late cancellation; earlier, it is a planned absence (no fee) while the case has allowance
    left this calendar year, otherwise "cancelled by client"."""

    def run() -> CommandResult:
        practice, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
        rules = practice.settings["scheduling"]
        status, late = classify_cancellation(
            by_client=cmd.by == "client",
            start=appointment.start,
            at=ctx.now(),
            late_window=timedelta(hours=rules["late_cancel_window_hours"]),
        )
        case = None
        if status == AppointmentStatus.CANCELLED_BY_CLIENT and rules["planned_absence_enabled"]:
            case = load(ctx.stores.scheduling, Case, appointment.case_id, ctx.practice_id)
            year = local(practice, appointment.start).year
            if case.use_planned_absence(
                str(appointment.id), year, rules["planned_absence_allowance"], ctx.actor, ctx.now()
            ):
                status = AppointmentStatus.PLANNED_ABSENCE
        appointment.cancel(status, late, cmd.reason, ctx.actor, ctx.now())
        guards = DayGuards(ctx, practice)
        guards.release(
            str(appointment.id),
            appointment.time_range,
            appointment.provider_id,
            appointment.room_id,
        )
        return save(
            ctx.stores.scheduling, appointment, case, *guards.touched(), result_of=appointment,
            status=status.value, late=late,
        )  # fmt: skip

    return retry_lost_races(run)


def confirm_appointment(
    cmd: AppointmentCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
    appointment.confirm(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, appointment, result_of=appointment)


class CompleteAppointment(AppointmentCommand):
    attendance: dict[uuid.UUID, Literal["present", "late", "absent"]] = Field(
        default_factory=dict, description="per participant; unnamed participants were present"
    )


def complete_appointment(
    cmd: CompleteAppointment, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Completes a session with per-participant attendance (groups: one absent member does not
    cancel the session)."""
    practice, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
    case = load(ctx.stores.scheduling, Case, appointment.case_id, ctx.practice_id)
    participants = case.active_participants(local(practice, appointment.start).date())
    appointment.complete(
        {str(k): v for k, v in cmd.attendance.items()}, participants, ctx.actor, ctx.now()
    )
    return save(ctx.stores.scheduling, appointment, result_of=appointment)


def mark_no_show(
    cmd: AppointmentCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
    appointment.mark_no_show(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, appointment, result_of=appointment)


class ChangeSupervisor(AppointmentCommand):
    supervisor_id: uuid.UUID | None


def change_supervisor(
    cmd: ChangeSupervisor, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
    supervisor_id = None
    if cmd.supervisor_id is not None:
        supervisor = clinician_of_practice(ctx, cmd.supervisor_id, "supervising clinician")
        if supervisor.role == Role.ASSOCIATE:
            raise RuleViolation("A supervising clinician is a licensed provider or the owner.")
        supervisor_id = str(supervisor.id)
        provider = load(ctx.stores.practice, StaffMember, appointment.provider_id, ctx.practice_id)
        supervision_must_be_allowed(practice, provider, supervisor_id)
    appointment.change_supervisor(supervisor_id, ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, appointment, result_of=appointment)


# -- recurring series ----------------------------------------------------------------------


def book_occurrences(
    ctx: CommandContext,
    practice: Practice,
    series: RecurringSeries,
    guards: DayGuards,
    until: datetime,
    *,
    skip_conflicts: bool,
    case_kind: str,
) -> list[PracticeAggregate]:
    """Books the series' occurrences up to ``until`` as appointments. Conflicts fail the whole
    booking with every clashing time listed, or (when the horizon moves forward in the
    background) are skipped and recorded on the series."""
    booked: dict[str, str] = {}
    skipped: list[str] = []
    problems: list[str] = []
    appointments: list[PracticeAggregate] = []
    offsets = reminder_offsets(practice)
    for occurrence in series.occurrences_to_book(until):
        when = TimeRange(occurrence.start, occurrence.end)
        appointment_id = RecurringSeries.occurrence_id(series.id, occurrence.recurrence_id)
        key = str(appointment_id)
        clashes = guards.conflicts(key, when, series.provider_id, series.room_id)
        if clashes:
            if skip_conflicts:
                skipped.append(occurrence.recurrence_id.isoformat())
                continue
            problems.append(f"{describe(practice, when)}: {'; '.join(clashes)}")
            continue
        appointments.append(
            Appointment.book(
                id=appointment_id,
                practice_id=series.practice_id,
                case_id=series.case_id,
                case_kind=case_kind,
                provider_id=series.provider_id,
                service_id=series.service_id,
                location_id=series.location_id,
                room_id=series.room_id,
                session_format=series.session_format,
                when=when,
                supervisor_id=series.supervisor_id,
                reminder_offsets=offsets,
                by=ctx.actor,
                at=ctx.now(),
                series_id=str(series.id),
                recurrence_id=occurrence.recurrence_id,
            )
        )
        guards.hold(key, when, series.provider_id, series.room_id)
        booked[occurrence.recurrence_id.isoformat()] = key
    if problems:
        shown = problems[:10] + ([f"and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise DoubleBooking(
            f"{len(problems)} occurrence(s) clash with existing bookings "
            f"({practice.timezone}): {' | '.join(shown)}.",
            conflicts=" | ".join(shown),
            conflict_count=len(problems),
        )
    series.book_occurrences(until, booked, skipped, ctx.actor, ctx.now())
    return appointments


def series_horizon(ctx: CommandContext, first_start: datetime) -> datetime:
    return max(ctx.now(), first_start) + SERIES_HORIZON


class BookSeries(Command):
    case_id: uuid.UUID
    provider_id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    room_id: str | None = Field(default=None, max_length=64)
    supervisor_id: uuid.UUID | None = None
    start: AwareDatetime = Field(description="the first occurrence; its local time repeats")
    rule: str = Field(
        min_length=6, max_length=200, description="an RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=12"
    )


def book_series(cmd: BookSeries, ctx: CommandContext) -> CommandResult:
    """Books a recurring series in the practice's timezone (10:00 stays 10:00 across
    daylight-saving changes). Occurrences are booked 26 weeks ahead, and further as time
    passes; if any of them clashes, nothing is booked and 409 lists every clash."""
    rule = RecurrenceRule.parse(cmd.rule)

    def run() -> CommandResult:
        practice = practice_for_write(ctx)
        case = open_case_of_practice(ctx, cmd.case_id)
        place = Placement(
            ctx, cmd.provider_id, cmd.service_id, cmd.location_id, cmd.room_id, cmd.supervisor_id
        )
        supervision_must_be_allowed(practice, place.provider, place.supervisor_id)
        start_must_be_plausible(ctx, cmd.start)
        series = RecurringSeries.start(
            id=uuid.uuid4(),
            practice_id=str(practice.id),
            case_id=str(case.id),
            provider_id=place.provider_id,
            service_id=str(place.service.id),
            location_id=str(place.location.id),
            room_id=place.room_id,
            session_format=place.session_format,
            supervisor_id=place.supervisor_id,
            rule=rule,
            first_start=cmd.start,
            duration_minutes=place.service.duration_minutes,
            timezone=practice.timezone,
            by=ctx.actor,
            at=ctx.now(),
        )
        guards = DayGuards(ctx, practice)
        appointments = book_occurrences(
            ctx, practice, series, guards, series_horizon(ctx, cmd.start),
            skip_conflicts=False, case_kind=case.kind.value,
        )  # fmt: skip
        return save(
            ctx.stores.scheduling, series, *appointments, *guards.touched(), result_of=series,
            appointment_ids=[str(a.id) for a in appointments],
        )  # fmt: skip

    return retry_lost_races(run)


class SeriesCommand(Command):
    series_id: uuid.UUID


def extend_series(cmd: SeriesCommand, ctx: CommandContext) -> CommandResult:
    """Moves a series' booked horizon forward to 26 weeks from now; occurrences that clash
    with bookings made since are skipped (and recorded), never double-booked."""

    def run() -> CommandResult:
        practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id)
        series = load(ctx.stores.scheduling, RecurringSeries, cmd.series_id, ctx.practice_id)
        until = ctx.now() + SERIES_HORIZON
        done = series.ended or (series.materialized_until or until) >= until
        if not done and not series.occurrences_to_book(until):
            # Stop once the rule has no occurrence left at all (COUNT or UNTIL reached).
            later = expand(
                series.recurrence_rule, series.local_first_start, series.duration,
                series.timezone, window_start=until, window_end=until + timedelta(days=3660),
                limit=1,
            )  # fmt: skip
            done = not later
        if done:
            return CommandResult(series.id, series.version, f"scheduling:{0}")
        case = load(ctx.stores.scheduling, Case, series.case_id, ctx.practice_id)
        guards = DayGuards(ctx, practice)
        appointments = book_occurrences(
            ctx, practice, series, guards, until, skip_conflicts=True, case_kind=case.kind.value
        )
        return save(
            ctx.stores.scheduling, series, *appointments, *guards.touched(), result_of=series
        )

    return retry_lost_races(run)


class ChangeFollowing(Command):
    appointment_id: uuid.UUID = Field(description="the first occurrence to change")
    start: AwareDatetime | None = Field(default=None, description="its new start")
    provider_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: str | None = Field(default=None, max_length=64)


def _series_occurrence(
    ctx: CommandContext, appointment_id: uuid.UUID
) -> tuple[Practice, Appointment, RecurringSeries]:
    practice = practice_for_write(ctx)
    appointment = load(ctx.stores.scheduling, Appointment, appointment_id, ctx.practice_id)
    if appointment.series_id is None or appointment.recurrence_id is None:
        raise RuleViolation("That appointment is not part of a series.")
    series = load(ctx.stores.scheduling, RecurringSeries, appointment.series_id, ctx.practice_id)
    return practice, appointment, series


def _release_following(
    ctx: CommandContext, series: RecurringSeries, recurrence_id: datetime, guards: DayGuards
) -> list[Appointment]:
    following = []
    for appointment_id in series.appointment_ids_from(recurrence_id):
        appointment = load(ctx.stores.scheduling, Appointment, appointment_id, ctx.practice_id)
        if appointment.status.is_upcoming:
            guards.release(
                str(appointment.id), appointment.time_range, appointment.provider_id,
                appointment.room_id,
            )  # fmt: skip
            following.append(appointment)
    return following


def change_following(cmd: ChangeFollowing, ctx: CommandContext) -> CommandResult:
    """Changes this and all following occurrences: the series ends before this occurrence and
    a new series continues from it with the changes; the old upcoming occurrences are replaced
    in the same write, and every new one must be free."""

    def run() -> CommandResult:
        practice, appointment, series = _series_occurrence(ctx, cmd.appointment_id)
        assert appointment.recurrence_id is not None
        case = open_case_of_practice(ctx, series.case_id)
        place = Placement(
            ctx,
            cmd.provider_id or series.provider_id,
            cmd.service_id or series.service_id,
            cmd.location_id or series.location_id,
            cmd.room_id if (cmd.room_id or cmd.location_id) else series.room_id,
            series.supervisor_id,
        )
        guards = DayGuards(ctx, practice)
        following = _release_following(ctx, series, appointment.recurrence_id, guards)
        new_id = uuid.uuid4()
        remainder, first_wall = series.split(
            appointment.recurrence_id, str(new_id), ctx.actor, ctx.now()
        )
        for old in following:
            old.supersede(str(new_id), ctx.actor, ctx.now())
        first_start = cmd.start or first_wall
        start_must_be_plausible(ctx, first_start)
        continued = RecurringSeries.start(
            id=new_id,
            practice_id=str(practice.id),
            case_id=series.case_id,
            provider_id=place.provider_id,
            service_id=str(place.service.id),
            location_id=str(place.location.id),
            room_id=place.room_id,
            session_format=place.session_format,
            supervisor_id=place.supervisor_id,
            rule=remainder,
            first_start=first_start,
            duration_minutes=place.service.duration_minutes,
            timezone=series.timezone,
            continues_series_id=str(series.id),
            by=ctx.actor,
            at=ctx.now(),
        )
        appointments = book_occurrences(
            ctx, practice, continued, guards, series_horizon(ctx, first_start),
            skip_conflicts=False, case_kind=case.kind.value,
        )  # fmt: skip
        return save(
            ctx.stores.scheduling, continued, series, *following, *appointments,
            *guards.touched(), result_of=continued,
            appointment_ids=[str(a.id) for a in appointments],
        )  # fmt: skip

    return retry_lost_races(run)


class CancelFollowing(Command):
    appointment_id: uuid.UUID = Field(description="the first occurrence to cancel")
    by: Literal["client", "practice"]
    reason: str | None = Field(default=None, max_length=500)


def cancel_following(cmd: CancelFollowing, ctx: CommandContext) -> CommandResult:
    """Ends a series from this occurrence on and cancels its upcoming occurrences (no planned
    absence is spent: the series is ending, not being missed)."""

    def run() -> CommandResult:
        practice, appointment, series = _series_occurrence(ctx, cmd.appointment_id)
        assert appointment.recurrence_id is not None
        guards = DayGuards(ctx, practice)
        following = _release_following(ctx, series, appointment.recurrence_id, guards)
        series.split(appointment.recurrence_id, None, ctx.actor, ctx.now())
        window = timedelta(hours=practice.settings["scheduling"]["late_cancel_window_hours"])
        for old in following:
            status, late = classify_cancellation(
                by_client=cmd.by == "client", start=old.start, at=ctx.now(), late_window=window
            )
            old.cancel(status, late, cmd.reason, ctx.actor, ctx.now())
        return save(
            ctx.stores.scheduling, series, *following, *guards.touched(), result_of=series,
            cancelled=len(following),
        )  # fmt: skip

    return retry_lost_races(run)
