"""The caller's practice: identity, address, billing identity, settings, plan."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from practicerunner.api.auth import Principal, public, require
from practicerunner.api.deps import consistent_with, read_models
from practicerunner.api.routing import command_route
from practicerunner.api.schemas import PracticeView, PublicPracticeView
from practicerunner.commands.practice import practice as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.practice.queries import ReadModels

router = APIRouter(tags=["practice"])


@router.get("/practice", response_model=PracticeView)
def get_practice(
    response: Response,
    principal: Principal = Depends(require(Permission.PRACTICE_READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("practice_directory")),
) -> dict:
    practice = rm.practice(str(principal.practice_id))
    if practice is None:
        raise NotFound("No practice.")
    response.headers["ETag"] = f'"{practice["version"]}"'
    return practice


@router.get("/public/practices/{slug}", response_model=PublicPracticeView)
def get_public_practice(
    slug: str, _: None = Depends(public), rm: ReadModels = Depends(read_models)
) -> dict:
    """What anyone may know of a practice from its address: its name and timezone."""
    practice = rm.practice_by_slug(slug)
    if practice is None or practice["plan"] == "archive":
        raise NotFound("No practice at that address.")
    return practice


M = Permission.PRACTICE_MANAGE
command_route(router, "/practice/rename", cmd.rename_practice, cmd.RenamePractice, M)
command_route(router, "/practice/change-slug", cmd.change_practice_slug, cmd.ChangePracticeSlug, M)
command_route(
    router, "/practice/change-timezone", cmd.change_practice_timezone, cmd.ChangePracticeTimezone, M
)
command_route(
    router, "/practice/change-address", cmd.change_practice_address, cmd.ChangePracticeAddress, M
)
command_route(
    router,
    "/practice/change-billing-identity",
    cmd.change_billing_identity,
    cmd.ChangeBillingIdentity,
    M,
)
command_route(router, "/practice/change-settings", cmd.change_settings, cmd.ChangeSettings, M)
command_route(
    router, "/practice/change-plan", cmd.change_plan, cmd.ChangePlan, Permission.PRACTICE_PLAN
)
