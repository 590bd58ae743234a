"""Staff sign-in and access: joining by invitation with a passkey, passkey and recovery-code
sign-in, sessions, passkeys, recovery codes, re-authentication, the owner's reset, and acting
as a provider.

``session_type`` chooses how a new session is handed over: ``browser`` sets the
``__Host-pr_session`` cookie (HttpOnly, Secure, SameSite=Strict) and never puts the token in
the body; ``api`` returns the token once, for ``Authorization: Bearer``.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from practicerunner.api.auth import (
    ACTING_HEADER,
    SESSION_COOKIE,
    Principal,
    client_address,
    public,
    require,
)
from practicerunner.api.deps import CommandAnswer, answer, runtime
from practicerunner.api.openapi import THROTTLED
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.identity import accounts, delegation, passkeys
from practicerunner.commands.identity.sign_in import SignedIn, Where
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.identity.identity_index import delegations

router = APIRouter(tags=["sign-in and access"])
OWN = Permission.ACCOUNT_OWN


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LinkBody(Body):
    token: str = Field(min_length=10, max_length=300)


class CeremonyOptions(BaseModel):
    challenge_id: str
    options: dict[str, Any]


class RegistrationBody(Body):
    challenge_id: str = Field(min_length=10, max_length=100)
    credential: dict[str, Any]
    passkey_name: str = Field(default="Passkey", min_length=1, max_length=60)


class JoinBody(RegistrationBody):
    token: str = Field(min_length=10, max_length=300)
    session_type: Literal["browser", "api"] = "browser"


class AssertionBody(Body):
    challenge_id: str = Field(min_length=10, max_length=100)
    credential: dict[str, Any]
    session_type: Literal["browser", "api"] = "browser"


class RecoveryCodeBody(Body):
    practice: str = Field(min_length=3, max_length=63, description="the practice's slug")
    email: str = Field(min_length=3, max_length=254)
    code: str = Field(min_length=8, max_length=40)
    session_type: Literal["browser", "api"] = "browser"


class SessionAnswer(BaseModel):
    session_id: str
    expires_at: str
    idle_timeout_seconds: int
    token: str | None = None
    recovery_codes: list[str] | None = None


class Me(BaseModel):
    staff_id: str
    practice_id: str
    role: str
    acting_for: str | None
    session: dict[str, Any] | None


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


def where(request: Request) -> Where:
    return Where(client_address(request), request.headers.get("user-agent"))


def hand_over(signed_in: SignedIn, session_type: str, response: Response) -> SessionAnswer:
    session = signed_in.session
    answer = SessionAnswer(
        session_id=session.session_id,
        expires_at=session.expires_at.isoformat(),
        idle_timeout_seconds=int(session.idle_timeout.total_seconds()),
        recovery_codes=signed_in.recovery_codes or None,
    )
    if session_type == "api":
        answer.token = signed_in.token
    else:
        response.set_cookie(
            SESSION_COOKIE,
            signed_in.token,
            max_age=int((session.expires_at - session.created_at).total_seconds()),
            path="/",
            secure=True,
            httponly=True,
            samesite="strict",
        )
    response.headers["Cache-Control"] = "no-store"
    return answer


def _session(principal: Principal) -> Any:
    if principal.session is None:
        raise RuleViolation("API tokens have no session; sign in with a passkey.")
    return principal.session


# -- joining and signing in (public) ----------------------------------------------------------


@router.post("/auth/join/begin", response_model=CeremonyOptions)
def begin_joining(
    body: LinkBody, _: None = Depends(public), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    """Opens an invitation link: returns passkey registration options for the invited person."""
    options, challenge_id, _staff = rt.authentication.invitation_options(body.token)
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/join/complete", response_model=SessionAnswer)
def complete_joining(
    body: JoinBody,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    """Registers the first passkey, accepts the invitation and signs in. The ten recovery codes
    are in this answer and never shown again."""
    signed_in = rt.authentication.join(
        body.token, body.challenge_id, body.credential, body.passkey_name, where(request)
    )
    return hand_over(signed_in, body.session_type, response)


@router.post("/auth/reset/begin", response_model=CeremonyOptions)
def begin_reset(
    body: LinkBody, _: None = Depends(public), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    """Opens the new-passkey link sent after the owner reset a lost authenticator."""
    options, challenge_id = rt.authentication.reset_options(body.token)
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/reset/complete", response_model=SessionAnswer)
def complete_reset(
    body: JoinBody,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    signed_in = rt.authentication.complete_reset(
        body.token, body.challenge_id, body.credential, body.passkey_name, where(request)
    )
    return hand_over(signed_in, body.session_type, response)


@router.post("/auth/sign-in/begin", response_model=CeremonyOptions, responses=THROTTLED)
def begin_sign_in(
    request: Request, _: None = Depends(public), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    """Passkey sign-in options (discoverable credentials: no email needed, none revealed)."""
    options, challenge_id = rt.authentication.sign_in_options("staff", where(request))
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/sign-in/complete", response_model=SessionAnswer, responses=THROTTLED)
def complete_sign_in(
    body: AssertionBody,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    signed_in = rt.authentication.sign_in_with_passkey(
        "staff", body.challenge_id, body.credential, where(request)
    )
    return hand_over(signed_in, body.session_type, response)


@router.post("/auth/sign-in/recovery-code", response_model=SessionAnswer, responses=THROTTLED)
def sign_in_with_recovery_code(
    body: RecoveryCodeBody,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    """Signs in with one of the ten recovery codes; each works once."""
    signed_in = rt.authentication.sign_in_with_recovery_code(
        body.practice, body.email, body.code, where(request)
    )
    return hand_over(signed_in, body.session_type, response)


# -- the signed-in person ---------------------------------------------------------------------


@router.get("/auth/me", response_model=Me)
def who_am_i(principal: Principal = Depends(require(OWN))) -> Me:
    return Me(
        staff_id=principal.staff_id,
        practice_id=str(principal.practice_id),
        role=principal.role.value,
        acting_for=principal.on_behalf_of,
        session=principal.session.public() if principal.session else None,
    )


@router.get("/auth/sessions", response_model=list[dict[str, Any]])
def list_my_sessions(
    principal: Principal = Depends(require(OWN)), rt: Runtime = Depends(runtime)
) -> list[dict[str, Any]]:
    """Where you are signed in (live sessions)."""
    return [
        s.public() for s in rt.sessions.live_sessions("staff", principal.staff_id, rt.clock.now())
    ]


@router.post("/auth/sign-out", status_code=204)
def sign_out(
    response: Response,
    principal: Principal = Depends(require(OWN)),
    rt: Runtime = Depends(runtime),
) -> Response:
    rt.authentication.sign_out(_session(principal), principal.actor)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    response.status_code = 204
    return response


@router.post("/auth/sign-out-everywhere", status_code=204)
def sign_out_everywhere(
    response: Response,
    principal: Principal = Depends(require(OWN)),
    rt: Runtime = Depends(runtime),
) -> Response:
    """Ends every session of yours, on every device, this one included."""
    rt.authentication.sign_out(_session(principal), principal.actor, everywhere=True)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    response.status_code = 204
    return response


@router.post("/auth/reauthenticate/begin", response_model=CeremonyOptions)
def begin_reauthentication(
    principal: Principal = Depends(require(OWN)), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    """Sensitive actions (adding a passkey, exports) need a passkey confirmation from the last
    10 minutes; this starts one."""
    options, challenge_id = rt.authentication.reauthentication_options(_session(principal))
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/reauthenticate/complete", status_code=204, responses=THROTTLED)
def complete_reauthentication(
    body: AssertionBody,
    response: Response,
    principal: Principal = Depends(require(OWN)),
    rt: Runtime = Depends(runtime),
) -> Response:
    rt.authentication.reauthenticate(
        _session(principal), principal.actor, body.challenge_id, body.credential
    )
    response.status_code = 204
    return response


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
    options, challenge_id = rt.authentication.add_passkey_options(_session(principal))
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
        _session(principal),
        principal.actor,
        body.challenge_id,
        body.credential,
        body.passkey_name,
    )
    return answer(result, principal, response, request)


class RenamePasskeyBody(Body):
    credential_id: str = Field(min_length=1, max_length=1400)
    name: str = Field(min_length=1, max_length=60)


class RemovePasskeyBody(Body):
    credential_id: str = Field(min_length=1, max_length=1400)


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
    codes = rt.authentication.regenerate_recovery_codes(_session(principal), principal.actor)
    response.headers["Cache-Control"] = "no-store"
    return RecoveryCodes(recovery_codes=codes)


# -- the owner's reset ------------------------------------------------------------------------

command_route(
    router,
    "/staff/{staff_id}/reset-access",
    accounts.reset_staff_access,
    accounts.ResetStaffAccess,
    Permission.ACCOUNT_RESET,
    path_param="staff_id",
    versioned=False,
    summary="Reset a staff member's passkeys (lost authenticator)",
    recent_sign_in=True,
)


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
    session = _session(principal)
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
    session = _session(principal)
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
