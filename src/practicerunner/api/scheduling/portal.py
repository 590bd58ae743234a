"""The client portal's own views of a person's cases: what each case lets them see follows
their roles in it (``permissions.PORTAL_MATRIX``), resolved by ``case_access.portal_roles``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from practicerunner.api.auth import PortalPrincipal, record_access, require_portal
from practicerunner.api.clients.case_access import portal_roles
from practicerunner.api.deps import runtime
from practicerunner.api.scheduling.schemas import practice_timezone, scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.permissions import PortalPermission, client_roles_may
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["portal"])


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
