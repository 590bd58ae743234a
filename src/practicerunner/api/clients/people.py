"""People: clients and contacts, their details, lifecycle, relationships and helpers."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import (
    access_category,
    case_guard,
    person_access_or_404,
    scope_of,
    viewer_of,
)
from practicerunner.api.deps import consistent_with, page_params
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.scheduling.schemas import PersonPage, PersonView, scheduling_read_models
from practicerunner.commands.clients import people as cmd
from practicerunner.domain.clients.lifecycle import ContactType, LifecycleStatus
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import PERSON_FIELDS, record_access_ceiling, shown
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["clients"])
READ, M = Permission.CLIENTS_READ, Permission.CLIENTS_MANAGE


@router.get("/people", response_model=PersonPage)
def list_people(
    request: Request,
    status: LifecycleStatus | None = Query(default=None),
    contact_type: ContactType | None = Query(default=None),
    name: str | None = Query(
        default=None, max_length=100, description="name prefix (each word starts a name)"
    ),
    email: str | None = Query(default=None, max_length=254, description="exact email"),
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("people")),
) -> object:
    """People the caller may see: a provider or associate, those of the cases they serve or
    supervise (and people in no case yet); fields by the caller's role."""
    result = rm.people(
        str(principal.practice_id),
        status=status.value if status else None,
        contact_type=contact_type.value if contact_type else None,
        name=name,
        email=email,
        clinician_id=scope_of(principal),
        **page,
    )
    access = record_access_ceiling(viewer_of(principal))
    record_access(
        request, principal, category=access_category(access), resource_type="person",
        resource_ids=[p["person_id"] for p in result.items],
    )  # fmt: skip
    return {
        "items": [shown(p, PERSON_FIELDS, access) for p in result.items],
        "next_cursor": result.next_cursor,
    }


@router.get("/people/{person_id}", response_model=PersonView)
def get_person(
    person_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("people")),
) -> dict:
    person = rm.person(str(principal.practice_id), str(person_id))
    if person is None:
        raise NotFound("No person with that id.")
    access = person_access_or_404(principal, rm, str(person_id))
    record_access(
        request, principal, category=access_category(access), resource_type="person",
        resource_id=str(person_id),
    )  # fmt: skip
    response.headers["ETag"] = f'"{person["version"]}"'
    return shown(person, PERSON_FIELDS, access)


command_route(
    router, "/people", cmd.register_person, cmd.RegisterPerson, M, status_code=201,
    versioned=False, guard=case_guard,
)  # fmt: skip
_PERSON_ROUTES: list[CommandRoute] = [
    ("rename", cmd.rename_person, cmd.RenamePerson),
    ("record-birth-date", cmd.record_birth_date, cmd.RecordBirthDate),
    ("change-contact-details", cmd.change_contact_details, cmd.ChangeContactDetails),
    ("change-notes", cmd.change_person_notes, cmd.ChangePersonNotes),
    ("record-insurance", cmd.record_insurance, cmd.RecordInsurance),
    ("change-contact-type", cmd.change_contact_type, cmd.ChangeContactType),
    ("change-status", cmd.change_lifecycle_status, cmd.ChangeLifecycleStatus),
    ("add-relationship", cmd.add_relationship, cmd.AddRelationship),
    ("remove-relationship", cmd.remove_relationship, cmd.RemoveRelationship),
    ("add-helper", cmd.add_helper, cmd.HelperCommand),
    ("remove-helper", cmd.remove_helper, cmd.HelperCommand),
    ("verify-representative", cmd.verify_representative, cmd.VerifyRepresentative),
    ("opt-out-of-reminders", cmd.opt_out_of_reminders, cmd.PersonCommand),
    ("opt-in-to-reminders", cmd.opt_in_to_reminders, cmd.PersonCommand),
]
for path, handler, model in _PERSON_ROUTES:
    command_route(
        router,
        f"/people/{{person_id}}/{path}",
        handler,
        model,
        M,
        path_param="person_id",
        guard=case_guard,
    )
