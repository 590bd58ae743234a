"""The client portal's own views of a person's cases: what each case lets them see follows
their roles in it (``permissions.PORTAL_MATRIX``), resolved by ``case_access.portal_roles``.
A person whose role lets them make requests may cancel an upcoming appointment, seeing what it
comes to first (``portal_cancellations``), and anyone who sees appointments may switch on
their own calendar feed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from practicerunner.api.auth import PortalPrincipal, record_access, require_portal
from practicerunner.api.clients.case_access import portal_roles
from practicerunner.api.deps import CommandAnswer, runtime
from practicerunner.api.scheduling.schemas import practice_timezone, scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandResult
from practicerunner.commands.scheduling import feeds, portal_requests
from practicerunner.domain.errors import Forbidden
from practicerunner.domain.identity.permissions import PortalPermission, client_roles_may
from practicerunner.domain.scheduling.feeds import FeedOwner
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["portal"])
READ = PortalPermission.APPOINTMENTS_READ


class PortalAppointment(BaseModel):
    """What the portal shows of an appointment: when, where, how and with whom. No fees, no
    diagnoses, no notes, no other clients' names."""

    appointment_id: str
    case_id: str
    case_kind_label: str
    provider_name: str | None
    location_id: str
    session_format: str
    starts_at: str
    ends_at: str
    starts_local: str
    ends_local: str
    status: str
    your_roles: list[str]


class PortalAppointments(BaseModel):
    items: list[PortalAppointment]


@router.get("/portal/appointments", response_model=PortalAppointments)
def portal_appointments(
    request: Request,
    principal: PortalPrincipal = Depends(require_portal(PortalPermission.APPOINTMENTS_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
) -> dict:
    """The signed-in person's upcoming appointments (up to 200) across the cases where a role
    lets them see the schedule: participant, verified representative, scheduling helper. A
    billing contact only sees none here."""
    practice_id = str(principal.practice_id)
    roles = portal_roles(rm, practice_id, principal.person_id)
    visible = sorted(
        case_id
        for case_id, case_roles in roles.items()
        if client_roles_may(case_roles, PortalPermission.APPOINTMENTS_READ)
    )
    items = rm.appointments_of_cases(
        practice_id, visible, practice_timezone(request, practice_id), rt.clock.now()
    )
    record_access(
        request, principal, category="clinical", resource_type="appointment",
        resource_ids=[a["appointment_id"] for a in items],
    )  # fmt: skip
    return {
        "items": [
            {
                **{k: a[k] for k in PortalAppointment.model_fields if k in a},
                "your_roles": sorted(r.value for r in roles[a["case_id"]]),
            }
            for a in items
        ]
    }


def portal_answer(result: CommandResult, response: Response, request: Request) -> CommandAnswer:
    request.app.state.runtime.engine.wake()
    response.headers["ETag"] = f'"{result.version}"'
    response.headers["X-Log-Position"] = result.position
    return CommandAnswer(
        id=str(result.id), version=result.version, position=result.position, extra=result.extra
    )


def _sees_a_schedule(rm: SchedulingReadModels, principal: PortalPrincipal) -> None:
    roles = portal_roles(rm, str(principal.practice_id), principal.person_id)
    if not any(client_roles_may(r, READ) for r in roles.values()):
        raise Forbidden("Your role in your cases does not include seeing appointments.")


class FeedState(BaseModel):
    enabled: bool
    allowed: bool


@router.get("/portal/calendar-feed", response_model=FeedState)
def portal_calendar_feed(
    principal: PortalPrincipal = Depends(require_portal(READ)),
    rt: Runtime = Depends(runtime),
) -> dict:
    """Whether the person's calendar feed is on, and whether the practice allows client feeds.
    The feed's address is shown only once, when it is switched on or renewed."""
    ctx = rt.context(principal.actor, principal.practice_id)
    feed = feeds.existing_feed(ctx, FeedOwner.CLIENT, principal.person_id)
    return {
        "enabled": bool(feed and feed.active),
        "allowed": feeds.client_feeds_allowed(ctx),
    }


@router.post("/portal/calendar-feed/issue", response_model=CommandAnswer)
def issue_portal_calendar_feed(
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """Switches the person's own calendar feed on, or renews its address (the old one stops
    working at once). ``extra.path`` is the feed's address, shown this once."""
    _sees_a_schedule(rm, principal)
    ctx = rt.context(principal.actor, principal.practice_id)
    result = portal_requests.issue_own_calendar_feed(portal_requests.OwnFeed(), ctx)
    return portal_answer(result, response, request)


@router.post("/portal/calendar-feed/revoke", response_model=CommandAnswer)
def revoke_portal_calendar_feed(
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(READ)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """Switches the person's calendar feed off: its address answers 404 from now on."""
    ctx = rt.context(principal.actor, principal.practice_id)
    result = portal_requests.revoke_own_calendar_feed(portal_requests.OwnFeed(), ctx)
    return portal_answer(result, response, request)
