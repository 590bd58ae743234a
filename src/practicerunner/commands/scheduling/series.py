"""Commands on recurring series: booking one, moving its booked horizon forward, and changing or
cancelling 'this and all following'."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    load,
    save,
)
from practicerunner.commands.inputs import Instant
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import (
    APPOINTMENT,
    CASE,
    LOCATION,
    ROOM_IN_LOCATION,
    SERIES,
    SERVICE,
    STAFF,
)
from practicerunner.commands.scheduling.booking import (
    SERIES_HORIZON,
    DayGuards,
    Placement,
    describe,
    open_case_of_practice,
    reminder_offsets,
    retry_lost_races,
    start_must_be_plausible,
    supervision_must_be_allowed,
)
from practicerunner.domain.base import PracticeAggregate
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import (
    Appointment,
    TimeRange,
    classify_cancellation,
)
from practicerunner.domain.scheduling.booking_days import DoubleBooking
from practicerunner.domain.scheduling.recurrence import (
    InvalidRecurrence,
    RecurrenceRule,
    expand,
    first_occurrence,
)
from practicerunner.domain.scheduling.series import RecurringSeries

# The next stretch of a series is booked this long before the booked stretch runs out.
SERIES_EXTEND_AHEAD = timedelta(weeks=8)


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
    start: Instant = Field(description="the first occurrence; its local time repeats")
    rule: str = Field(
        min_length=6, max_length=200, description="an RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=12"
    )


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
        if first_occurrence(rule, cmd.start, practice.timezone) is None:
            raise InvalidRecurrence(
                "That rule gives no occurrence at all (it ends before the first start)."
            )
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


@command(refs={"series_id": SERIES}, access=case_team)
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
    start: Instant | None = Field(default=None, description="its new start")
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


@command(
    refs={
        "appointment_id": APPOINTMENT,
        "provider_id": STAFF,
        "service_id": SERVICE,
        "location_id": LOCATION,
    },
    access=case_team,
    local=ROOM_IN_LOCATION,
)
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


@command(refs={"appointment_id": APPOINTMENT}, access=case_team)
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
