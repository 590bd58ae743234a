"""Commands on a booked appointment: rescheduling, cancelling (with the planned-absence
allowance and the late-cancel window), confirming, completing with attendance, no-shows, and a
change of supervising clinician."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Literal

from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.clients.cases import clinician_of_practice
from practicerunner.commands.inputs import Instant
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import (
    APPOINTMENT,
    LOCATION,
    PERSON,
    ROOM_IN_LOCATION,
    STAFF,
)
from practicerunner.commands.scheduling.booking import (
    DayGuards,
    Placement,
    local,
    refuse_double_booking,
    reminder_offsets,
    retry_lost_races,
    start_must_be_plausible,
    supervision_must_be_allowed,
)
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import (
    Appointment,
    AppointmentStatus,
    TimeRange,
    classify_cancellation,
)


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
    start: Instant
    end: Instant | None = None
    provider_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: str | None = Field(default=None, max_length=64)


@command(
    refs={"appointment_id": APPOINTMENT, "provider_id": STAFF, "location_id": LOCATION},
    access=case_team,
    local=ROOM_IN_LOCATION,
)
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


@command(refs={"appointment_id": APPOINTMENT}, access=case_team)
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


@command(refs={"appointment_id": APPOINTMENT}, access=case_team)
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


@command(refs={"appointment_id": APPOINTMENT, "attendance": PERSON}, access=case_team)
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


@command(refs={"appointment_id": APPOINTMENT}, access=case_team)
def mark_no_show(
    cmd: AppointmentCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    _, appointment = appointment_for_write(ctx, cmd.appointment_id, expected_version)
    appointment.mark_no_show(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, appointment, result_of=appointment)


class ChangeSupervisor(AppointmentCommand):
    supervisor_id: uuid.UUID | None


@command(refs={"appointment_id": APPOINTMENT, "supervisor_id": STAFF}, access=case_team)
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
