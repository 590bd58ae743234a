"""A signed-in staff member's own account: their passkeys and recovery codes, and acting as
a provider of the practice (with the delegations that allow it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from practicerunner.api.auth import ACTING_HEADER, Principal, require
from practicerunner.api.deps import CommandAnswer, answer, runtime
from practicerunner.api.identity.sign_in import (
    OWN,
    Body,
    CeremonyOptions,
    Me,
    RegistrationBody,
    RemovePasskeyBody,
    session_of,
)
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.identity import accounts, delegation, passkeys
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.identity.identity_index import delegations

router = APIRouter(tags=["sign-in and access"])


class PasskeyView(BaseModel):
    credential_id: str
    name: str
    added_at: str
    last_used_at: str | None
    suspended: bool


class RecoveryCodes(BaseModel):
    recovery_codes: list[str]


class ActAsBody(Body):
    provider_id: UUID


# -- passkeys and recovery codes --------------------------------------------------------------


@router.get("/auth/passkeys", response_model=list[PasskeyView])
def list_my_passkeys(
    principal: Principal = Depends(require(OWN)), rt: Runtime = Depends(runtime)
) -> list[dict[str, Any]]:
    account = accounts.find_staff_account(rt.context(principal.actor), principal.staff_id)
    if account is None:
        return []
    return [
        {
            **p,
            "added_at": p["added_at"].isoformat(),
            "last_used_at": p["last_used_at"].isoformat() if p["last_used_at"] else None,
        }
        for p in account.passkey_list()
    ]


@router.post("/auth/passkeys/begin", response_model=CeremonyOptions)
def begin_adding_passkey(
    principal: Principal = Depends(require(OWN, recent_sign_in=True)),
    rt: Runtime = Depends(runtime),
) -> CeremonyOptions:
    """Registration options for another passkey or security key (needs a recent sign-in)."""
    options, challenge_id = rt.authentication.add_passkey_options(session_of(principal))
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/passkeys/complete", response_model=CommandAnswer)
def complete_adding_passkey(
    body: RegistrationBody,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(OWN, recent_sign_in=True)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    result = rt.authentication.add_passkey(
        session_of(principal),
        principal.actor,
        body.challenge_id,
        body.credential,
        body.passkey_name,
    )
    return answer(result, principal, response, request)


class RenamePasskeyBody(Body):
    credential_id: str = Field(min_length=1, max_length=1400)
    name: str = Field(min_length=1, max_length=60)


def _my_account(rt: Runtime, principal: Principal) -> Any:
    account = accounts.find_staff_account(rt.context(principal.actor), principal.staff_id)
    if account is None:
        raise NotFound("No passkey with that id.")
    return account


@router.post("/auth/passkeys/rename", response_model=CommandAnswer)
def rename_my_passkey(
    body: RenamePasskeyBody,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(OWN)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    result = passkeys.rename_passkey(
        passkeys.RenamePasskey(credential_id=body.credential_id, name=body.name),
        rt.context(principal.actor, principal.practice_id),
        _my_account(rt, principal),
    )
    return answer(result, principal, response, request)


@router.post("/auth/passkeys/remove", response_model=CommandAnswer)
def remove_my_passkey(
    body: RemovePasskeyBody,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(OWN, recent_sign_in=True)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    result = passkeys.remove_passkey(
        passkeys.RemovePasskey(credential_id=body.credential_id),
        rt.context(principal.actor, principal.practice_id),
        _my_account(rt, principal),
        accounts.STAFF_PASSKEY_CLAIM,
    )
    return answer(result, principal, response, request)


@router.post("/auth/recovery-codes/regenerate", response_model=RecoveryCodes)
def regenerate_recovery_codes(
    response: Response,
    principal: Principal = Depends(require(OWN, recent_sign_in=True)),
    rt: Runtime = Depends(runtime),
) -> RecoveryCodes:
    """Ten new recovery codes, shown once; the old ones stop working."""
    codes = rt.authentication.regenerate_recovery_codes(session_of(principal), principal.actor)
    response.headers["Cache-Control"] = "no-store"
    return RecoveryCodes(recovery_codes=codes)


# -- acting as a provider ---------------------------------------------------------------------


@router.post("/auth/act-as", response_model=Me)
def start_acting_as_provider(
    body: ActAsBody,
    response: Response,
    principal: Principal = Depends(require(Permission.ACT_AS_PROVIDER)),
    rt: Runtime = Depends(runtime),
) -> Me:
    """Work as a clinician of the practice. You stay signed in as yourself; every event records
    both of you, and every answer carries ``X-Acting-For``."""
    session = session_of(principal)
    ctx = rt.context(principal.actor, principal.practice_id)
    provider = delegation.may_act_for(
        ctx, principal.staff_id, principal.role, str(body.provider_id)
    )
    account = _my_account(rt, principal)
    delegation.record_acting(
        rt.context(Actor(principal.staff_id), principal.practice_id),
        account,
        str(provider.id),
        session.session_id,
        started=True,
    )
    rt.sessions.set_acting_for(session.session_id, str(provider.id))
    response.headers[ACTING_HEADER] = str(provider.id)
    return Me(
        staff_id=principal.staff_id,
        practice_id=str(principal.practice_id),
        role=principal.role.value,
        acting_for=str(provider.id),
        session=session.public() | {"acting_for": str(provider.id)},
    )


@router.post("/auth/act-as/stop", response_model=Me)
def stop_acting_as_provider(
    principal: Principal = Depends(require(OWN)), rt: Runtime = Depends(runtime)
) -> Me:
    session = session_of(principal)
    if principal.on_behalf_of:
        delegation.record_acting(
            rt.context(Actor(principal.staff_id), principal.practice_id),
            _my_account(rt, principal),
            principal.on_behalf_of,
            session.session_id,
            started=False,
        )
        rt.sessions.set_acting_for(session.session_id, None)
    return Me(
        staff_id=principal.staff_id,
        practice_id=str(principal.practice_id),
        role=principal.role.value,
        acting_for=None,
        session=session.public() | {"acting_for": None},
    )


@router.get("/delegations", response_model=list[dict[str, str]])
def list_delegations(
    principal: Principal = Depends(require(Permission.DELEGATION_MANAGE)),
    rt: Runtime = Depends(runtime),
) -> list[dict[str, Any]]:
    """Which admin may act for which provider."""
    return delegations(rt.engine, str(principal.practice_id))


command_route(
    router,
    "/delegations/grant",
    delegation.grant_delegation,
    delegation.GrantDelegation,
    Permission.DELEGATION_MANAGE,
    versioned=False,
)
command_route(
    router,
    "/delegations/revoke",
    delegation.revoke_delegation,
    delegation.GrantDelegation,
    Permission.DELEGATION_MANAGE,
    versioned=False,
)
