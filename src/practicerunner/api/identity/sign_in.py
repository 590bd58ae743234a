"""Staff sign-in and access: joining by invitation with a passkey, passkey and recovery-code
sign-in, sessions, re-authentication and the owner's reset. A signed-in person's own passkeys,
recovery codes and acting as a provider are in ``account``.

``session_type`` chooses how a new session is handed over: ``browser`` sets the
``__Host-pr_session`` cookie (HttpOnly, Secure, SameSite=Strict) and never puts the token in
the body; ``api`` returns the token once, for ``Authorization: Bearer``.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from practicerunner.api.auth import (
    SESSION_COOKIE,
    Principal,
    client_address,
    public,
    require,
)
from practicerunner.api.deps import runtime
from practicerunner.api.openapi import THROTTLED
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.identity import accounts
from practicerunner.commands.identity.sign_in import SignedIn, Where
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.identity.permissions import Permission

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


class RemovePasskeyBody(Body):
    """Which passkey to remove (a staff member's own, or a portal client's)."""

    credential_id: str = Field(min_length=1, max_length=1400)


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


def session_of(principal: Principal) -> Any:
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
    rt.authentication.sign_out(session_of(principal), principal.actor)
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
    rt.authentication.sign_out(session_of(principal), principal.actor, everywhere=True)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    response.status_code = 204
    return response


@router.post("/auth/reauthenticate/begin", response_model=CeremonyOptions)
def begin_reauthentication(
    principal: Principal = Depends(require(OWN)), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    """Sensitive actions (adding a passkey, exports) need a passkey confirmation from the last
    10 minutes; this starts one."""
    options, challenge_id = rt.authentication.reauthentication_options(session_of(principal))
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/auth/reauthenticate/complete", status_code=204, responses=THROTTLED)
def complete_reauthentication(
    body: AssertionBody,
    response: Response,
    principal: Principal = Depends(require(OWN)),
    rt: Runtime = Depends(runtime),
) -> Response:
    rt.authentication.reauthenticate(
        session_of(principal), principal.actor, body.challenge_id, body.credential
    )
    response.status_code = 204
    return response


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
