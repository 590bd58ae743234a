"""Commands on the schedule: booking single appointments and recurring series, rescheduling,
cancelling (with the late-cancel window and the planned absence allowance), confirming,
completing with attendance, and editing "this and all following" occurrences.

Every booking and move holds the provider's (and room's) ``BookingDay`` guards in the same
atomic write as the appointments (see ``domain/appointments.py``). Inside one process,
commands on the same provider- or room-day queue on a lock (``races``); when the write still
loses a race (to another process), the command runs again on fresh state: it then either
meets the overlap (409 ``double-booking``) or succeeds because the other booking did not
overlap.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    load,
    save,
)
from practicerunner.commands.clients.cases import clinician_of_practice
from practicerunner.commands.inputs import Instant
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import CASE, LOCATION, ROOM_IN_LOCATION, SERVICE, STAFF
from practicerunner.commands.scheduling.races import retry_lost_races, take_day_lock
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.practice.catalog import Location, Service
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import (
    Appointment,
    TimeRange,
)
from practicerunner.domain.scheduling.booking_days import BookingDay, DoubleBooking

SERIES_HORIZON = timedelta(weeks=26)


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
            take_day_lock(day_id)  # before the load: same-day bookings here queue, not race
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
    start: Instant
    end: Instant | None = Field(default=None, description="defaults to the service length")


@command(
    refs={
        "case_id": CASE,
        "provider_id": STAFF,
        "service_id": SERVICE,
        "location_id": LOCATION,
        "supervisor_id": STAFF,
    },
    access=case_team,
    local=ROOM_IN_LOCATION,
)
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


# -- recurring series ----------------------------------------------------------------------
