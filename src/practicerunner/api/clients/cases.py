"""Cases of every kind: participants, billing contacts, providers, diagnoses, the planned
absence allowance, their appointments and their full history as of any moment."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import (
    access_category,
    case_access_or_404,
    case_guard,
    scope_of,
    viewer_of,
)
from practicerunner.api.deps import consistent_with, page_params, runtime
from practicerunner.api.routing import PermittedCommandRoute, command_route
from practicerunner.api.scheduling.schemas import (
    AppointmentPage,
    CaseHistoryView,
    CasePage,
    CaseView,
    practice_timezone,
    scheduling_read_models,
)
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clients import cases as cmd
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import CASE_FIELDS, record_access_ceiling, shown
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.audit.history import case_history
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["cases"])
READ, M = Permission.CLIENTS_READ, Permission.CLIENTS_MANAGE


@router.get("/cases", response_model=CasePage)
def list_cases(
    request: Request,
    kind: CaseKind | None = Query(default=None),
    status: Literal["open", "closed"] | None = Query(default=None),
    person_id: UUID | None = Query(default=None),
    provider_id: UUID | None = Query(default=None),
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("cases")),
) -> object:
    result = rm.cases(
        str(principal.practice_id),
        kind=kind.value if kind else None,
        status=status,
        person_id=str(person_id) if person_id else None,
        provider_id=str(provider_id) if provider_id else None,
        clinician_id=scope_of(principal),
        **page,
    )
    # Every listed case is one the caller reaches; what they see of it follows their role.
    access = record_access_ceiling(viewer_of(principal))
    record_access(
        request, principal, category=access_category(access), resource_type="case",
        resource_ids=[c["case_id"] for c in result.items],
    )  # fmt: skip
    return {
        "items": [shown(c, CASE_FIELDS, access) for c in result.items],
        "next_cursor": result.next_cursor,
    }


@router.get("/cases/{case_id}", response_model=CaseView)
def get_case(
    case_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("cases")),
) -> dict:
    """A case the caller serves or supervises (any case for the owner and admins); fields
    by role: diagnoses only for clinicians, never for billing or other admins."""
    access = case_access_or_404(principal, rm, str(case_id))
    case = rm.case(str(principal.practice_id), str(case_id))
    if case is None:
        raise NotFound("No case with that id.")
    record_access(
        request, principal, category=access_category(access), resource_type="case",
        resource_id=str(case_id),
    )  # fmt: skip
    response.headers["ETag"] = f'"{case["version"]}"'
    return shown(case, CASE_FIELDS, access)


@router.get("/cases/{case_id}/appointments", response_model=AppointmentPage)
def case_appointments(
    case_id: UUID,
    request: Request,
    when: Literal["upcoming", "past"] = "upcoming",
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(Permission.SCHEDULE_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("schedule")),
) -> object:
    """Upcoming appointments soonest first; past ones latest first."""
    practice_id = str(principal.practice_id)
    access = case_access_or_404(principal, rm, str(case_id))
    tz = practice_timezone(request, practice_id)
    result = rm.case_appointments(practice_id, str(case_id), tz, when, rt.clock.now(), **page)
    record_access(
        request, principal, category=access_category(access), resource_type="case_appointments",
        resource_id=str(case_id),
    )  # fmt: skip
    return result


@router.get("/cases/{case_id}/history", response_model=CaseHistoryView)
def get_case_history(
    case_id: UUID,
    request: Request,
    as_of: datetime | None = Query(default=None, description="an ISO 8601 instant with offset"),
    principal: Principal = Depends(require(Permission.AUDIT_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("schedule")),
) -> dict:
    """The case as it was at ``as_of`` (default: now) with its appointments as they were then,
    and one timeline of every event (participants, bookings, status changes) with who did it."""
    found = case_history(
        rt.stores, case_id, rm.case_appointment_ids(str(case_id)), as_of=as_of,
        names=rm.actor_names, practice_id=str(principal.practice_id),
    )  # fmt: skip
    if found["practice_id"] != str(principal.practice_id):
        raise NotFound("No case with that id.")
    case_access_or_404(principal, rm, str(case_id))
    record_access(
        request, principal, category="audit", resource_type="case_history",
        resource_id=str(case_id),
    )  # fmt: skip
    return found


command_route(
    router, "/cases", cmd.open_case, cmd.OpenCase, M, status_code=201, versioned=False,
    guard=case_guard,
)  # fmt: skip
_CASE_ROUTES: list[PermittedCommandRoute] = [
    ("retitle", cmd.retitle_case, cmd.RetitleCase, M),
    ("add-participant", cmd.add_participant, cmd.AddParticipant, M),
    ("remove-participant", cmd.remove_participant, cmd.RemoveParticipant, M),
    ("set-billing-contact", cmd.set_billing_contact, cmd.SetBillingContact, M),
    ("assign-provider", cmd.assign_provider, cmd.ProviderCommand, M),
    ("unassign-provider", cmd.unassign_provider, cmd.ProviderCommand, M),
    ("set-participant-status", cmd.set_participant_status, cmd.SetParticipantStatus, M),
    ("set-supervisor", cmd.set_case_supervisor, cmd.SetCaseSupervisor, M),
    ("record-diagnosis", cmd.record_diagnosis, cmd.RecordDiagnosis, Permission.DIAGNOSES_MANAGE),
    (
        "set-planned-absence-allowance",
        cmd.set_planned_absence_allowance,
        cmd.SetPlannedAbsenceAllowance,
        M,
    ),
    ("close", cmd.close_case, cmd.CaseCommand, M),
    ("reopen", cmd.reopen_case, cmd.CaseCommand, M),
]
for path, handler, model, permission in _CASE_ROUTES:
    command_route(
        router,
        f"/cases/{{case_id}}/{path}",
        handler,
        model,
        permission,
        path_param="case_id",
        guard=case_guard,
    )
