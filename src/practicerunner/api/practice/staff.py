"""Staff members and the provider list."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from practicerunner.api.auth import Principal, require
from practicerunner.api.deps import consistent_with, page_params, read_models
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.schemas import StaffPage, StaffView
from practicerunner.commands.practice import staff as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.domain.practice.roles import Role
from practicerunner.projections.practice.queries import ReadModels

router = APIRouter(tags=["staff"])
READ = Permission.STAFF_READ


@router.get("/staff", response_model=StaffPage)
def list_staff(
    role: Role | None = Query(default=None),
    include_deactivated: bool = True,
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("staff")),
) -> object:
    return rm.staff(
        str(principal.practice_id),
        role=role.value if role else None,
        include_deactivated=include_deactivated,
        **page,
    )


@router.get("/providers", response_model=StaffPage)
def list_providers(
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("staff")),
) -> object:
    """Clinicians who can be a client's provider. Admin roles never appear here."""
    return rm.staff(str(principal.practice_id), providers_only=True, **page)


@router.get("/staff/{staff_id}", response_model=StaffView)
def get_staff(
    staff_id: UUID,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("staff")),
) -> dict:
    staff = rm.staff_member(str(principal.practice_id), str(staff_id))
    if staff is None:
        raise NotFound("No staff member with that id.")
    response.headers["ETag"] = f'"{staff["version"]}"'
    return staff


M = Permission.STAFF_MANAGE
command_route(
    router,
    "/staff",
    cmd.invite_staff,
    cmd.InviteStaff,
    M,
    status_code=201,
    versioned=False,
    summary="Invite a staff member",
)
_STAFF_ROUTES: list[CommandRoute] = [
    ("resend-invitation", cmd.resend_invitation, cmd.StaffCommand),
    ("rename", cmd.rename_staff, cmd.RenameStaff),
    ("change-role", cmd.change_staff_role, cmd.ChangeStaffRole),
    ("set-provider-credentials", cmd.set_provider_credentials, cmd.SetProviderCredentials),
    ("set-default-supervisor", cmd.set_default_supervisor, cmd.SetDefaultSupervisor),
    ("deactivate", cmd.deactivate_staff, cmd.StaffCommand),
    ("reactivate", cmd.reactivate_staff, cmd.StaffCommand),
]
for path, handler, model in _STAFF_ROUTES:
    command_route(router, f"/staff/{{staff_id}}/{path}", handler, model, M, path_param="staff_id")
