"""What a cancellation would come to, before anyone confirms it: the status it would get
(planned absence, cancelled by client, late cancellation, cancelled by the practice), whether a
fee may apply, and the case's planned-absence allowance for the appointment's calendar year.

The same rules as ``changes.cancel_appointment`` (``classify_cancellation`` and the case's
allowance), read from the write side, so the preview says what the command will do now.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.scheduling.booking import local
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import (
    Appointment,
    AppointmentStatus,
    classify_cancellation,
)

# A client's cancellation may be charged per the practice's policy unless it is a planned
# absence; a practice's own cancellation never is.
FEE_MAY_APPLY = {AppointmentStatus.CANCELLED_BY_CLIENT, AppointmentStatus.LATE_CANCELLED}


@dataclass(frozen=True)
class CancellationOutcome:
    status: AppointmentStatus
    late: bool
    late_cancel_window_hours: int
    year: int
    allowance: int | None  # None: planned absences are off in this practice
    used: int | None

    @property
    def left_after(self) -> int | None:
        """Planned absences left this year once this cancellation is made."""
        if self.allowance is None or self.used is None:
            return None
        spends = 1 if self.status == AppointmentStatus.PLANNED_ABSENCE else 0
        return max(self.allowance - self.used - spends, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "late": self.late,
            "fee_may_apply": self.status in FEE_MAY_APPLY,
            "late_cancel_window_hours": self.late_cancel_window_hours,
            "allowance_year": self.year,
            "planned_absence_allowance": self.allowance,
            "planned_absences_used": self.used,
            "planned_absences_left_after": self.left_after,
        }


def cancellation_outcome(
    practice: Practice, appointment: Appointment, case: Case, *, by_client: bool, at: datetime
) -> CancellationOutcome:
    """The outcome ``cancel_appointment`` would record at ``at``; refuses as it would for an
    appointment that is no longer upcoming."""
    if not appointment.status.is_upcoming:
        raise RuleViolation(
            f"A {appointment.status.value.replace('_', ' ')} appointment cannot be cancelled.",
            reason="appointment-not-upcoming",
        )
    rules = practice.settings["scheduling"]
    window = int(rules["late_cancel_window_hours"])
    status, late = classify_cancellation(
        by_client=by_client, start=appointment.start, at=at, late_window=timedelta(hours=window)
    )
    year = local(practice, appointment.start).year
    allowance = used = None
    if rules["planned_absence_enabled"]:
        allowance = case.allowance(rules["planned_absence_allowance"])
        used = case.planned_absences_used(year)
        if status == AppointmentStatus.CANCELLED_BY_CLIENT and used < allowance:
            status = AppointmentStatus.PLANNED_ABSENCE
    return CancellationOutcome(status, late, window, year, allowance, used)


def preview_cancellation(
    ctx: CommandContext, appointment_id: uuid.UUID, *, by_client: bool
) -> CancellationOutcome:
    practice = practice_for_write(ctx, read_only=True)  # refuses as the cancellation would
    store = ctx.stores.scheduling
    appointment = load(store, Appointment, appointment_id, ctx.practice_id, copy=False)
    case = load(store, Case, appointment.case_id, ctx.practice_id, copy=False)
    return cancellation_outcome(practice, appointment, case, by_client=by_client, at=ctx.now())
