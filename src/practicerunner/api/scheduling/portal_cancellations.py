"""Cancelling in the client portal, within the practice's rules: the person sees what a
cancellation would come to (planned absence and the allowance left, or a late cancellation a
fee may apply to) and then confirms it.

Who may: a person whose role in the appointment's case includes making requests (participant,
verified representative, scheduling helper), in a practice that allows client requests and
accepts them automatically. A case the person cannot see answers 404, like an unknown id.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from practicerunner.api.auth import PortalPrincipal, record_access, require_portal
from practicerunner.api.clients.case_access import portal_roles
from practicerunner.api.deps import CommandAnswer, runtime
from practicerunner.api.scheduling.portal import portal_answer
from practicerunner.api.scheduling.schemas import practice_timezone, scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.scheduling import portal_requests
from practicerunner.commands.scheduling.cancellation import preview_cancellation
from practicerunner.domain.errors import Forbidden, NotFound
from practicerunner.domain.identity.permissions import PortalPermission, client_roles_may
from practicerunner.domain.practice.practice import Practice
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["portal"])
READ, REQUEST = PortalPermission.APPOINTMENTS_READ, PortalPermission.APPOINTMENTS_REQUEST


class PortalCancellationPreview(BaseModel):
    """What cancelling now would come to; ``may_cancel`` false says why in ``refusal``."""

    appointment_id: str
    may_cancel: bool
    refusal: str | None
    status: str | None
    late: bool
    fee_may_apply: bool
    late_cancel_window_hours: int | None
    allowance_year: int | None
    planned_absence_allowance: int | None
    planned_absences_used: int | None
    planned_absences_left_after: int | None


class PortalCancel(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


def _refusal(ctx: CommandContext, may_request: bool) -> str | None:
    """Why this person may not cancel here, or None when they may."""
    if not may_request:
        return "Your role in this case does not include cancelling appointments."
    practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id)
    portal = practice.settings["portal"]
    if not (portal["allow_client_requests"] and portal["auto_accept_client_requests"]):
        return "This practice takes cancellations by phone or message, not in the portal."
    return None


def _reachable(
    request: Request, principal: PortalPrincipal, rm: SchedulingReadModels, appointment_id: UUID
) -> bool:
    """Whether the person may make requests in the appointment's case; 404 when they cannot
    even see it."""
    practice_id = str(principal.practice_id)
    tz = practice_timezone(request, practice_id)
    found = rm.appointment(practice_id, str(appointment_id), tz)
    roles = portal_roles(rm, practice_id, principal.person_id)
    case_roles = roles.get(found["case_id"], frozenset()) if found else frozenset()
    if not client_roles_may(case_roles, READ):
        raise NotFound("No appointment with that id.")
    record_access(
        request, principal, category="clinical", resource_type="appointment",
        resource_id=str(appointment_id),
    )  # fmt: skip
    return client_roles_may(case_roles, REQUEST)


@router.get(
    "/portal/appointments/{appointment_id}/cancellation", response_model=PortalCancellationPreview
)
def portal_cancellation_preview(
    appointment_id: UUID,
    request: Request,
    principal: PortalPrincipal = Depends(require_portal(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
) -> dict:
    """What cancelling this appointment now would come to, and whether this person may."""
    may_request = _reachable(request, principal, rm, appointment_id)
    ctx = rt.context(principal.actor, principal.practice_id)
    refusal = _refusal(ctx, may_request)
    empty = {
        "status": None, "late": False, "fee_may_apply": False, "late_cancel_window_hours": None,
        "allowance_year": None, "planned_absence_allowance": None,
        "planned_absences_used": None, "planned_absences_left_after": None,
    }  # fmt: skip
    if refusal is None:
        outcome = preview_cancellation(ctx, appointment_id, by_client=True).as_dict()
    else:
        outcome = empty
    return {
        "appointment_id": str(appointment_id),
        "may_cancel": refusal is None,
        "refusal": refusal,
        **outcome,
    }


@router.post("/portal/appointments/{appointment_id}/cancel", response_model=CommandAnswer)
def portal_cancel(
    appointment_id: UUID,
    body: PortalCancel,
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(REQUEST)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """Cancels as the client: a planned absence while the case has allowance left this year,
    a late cancellation inside the late-cancel window, otherwise cancelled by client. The
    outcome is in ``extra.status``."""
    may_request = _reachable(request, principal, rm, appointment_id)
    ctx = rt.context(principal.actor, principal.practice_id)
    refusal = _refusal(ctx, may_request)
    if refusal:
        raise Forbidden(refusal)
    cmd = portal_requests.ClientCancel(appointment_id=appointment_id, reason=body.reason)
    return portal_answer(portal_requests.client_cancel_appointment(cmd, ctx), response, request)
