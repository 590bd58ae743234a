"""Gathers the facts the supervision rule needs from the practice, staff and scheduling
contexts, for one note or one session (billing names the supervising clinician on invoices)."""

from __future__ import annotations

from uuid import UUID

from practicerunner.commands.base import CommandContext, load
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.clinical.supervision import SupervisionFacts, supervisor_for
from practicerunner.domain.practice.plans import LIMITS
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import Appointment


def supervisor_of(ctx: CommandContext, practice: Practice, note: ClinicalNote) -> str | None:
    """Who co-signs this note now: appointment, then case, then the author's default."""
    case = load(ctx.stores.scheduling, Case, note.case_id, ctx.practice_id, copy=False)
    appointment_supervisor = None
    if note.appointment_id is not None:
        appointment = load(
            ctx.stores.scheduling,
            Appointment,
            UUID(note.appointment_id),
            ctx.practice_id,
            copy=False,
        )
        appointment_supervisor = appointment.supervisor_id
    return _supervisor(ctx, practice, note.author_id, case, appointment_supervisor)


def supervisor_of_session(
    ctx: CommandContext, practice: Practice, appointment: Appointment, case: Case
) -> str | None:
    """Who supervises the session its provider renders, by the same rule as its note."""
    return _supervisor(ctx, practice, appointment.provider_id, case, appointment.supervisor_id)


def _supervisor(
    ctx: CommandContext,
    practice: Practice,
    author_id: str,
    case: Case,
    appointment_supervisor_id: str | None,
) -> str | None:
    author = load(ctx.stores.practice, StaffMember, author_id, ctx.practice_id, copy=False)
    return supervisor_for(
        SupervisionFacts(
            author_id=author_id,
            author_is_associate=author.role == Role.ASSOCIATE,
            plan_allows_supervision=LIMITS[practice.plan].supervision,
            owner_id=practice.owner_id,
            appointment_supervisor_id=appointment_supervisor_id,
            case_supervisor_id=case.supervisor_id,
            default_supervisor_id=author.default_supervisor_id,
        )
    )
