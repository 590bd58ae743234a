"""Client portal sign-in: one-time email links (15 minutes, single use, bound to the person and
the practice) and optional client passkeys, which never mix with staff credentials."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from practicerunner.api.auth import PortalPrincipal, Principal, public, require, require_portal
from practicerunner.api.deps import CommandAnswer, answer, runtime
from practicerunner.api.identity.sign_in import (
    AssertionBody,
    Body,
    CeremonyOptions,
    RegistrationBody,
    RemovePasskeyBody,
    SessionAnswer,
    hand_over,
    where,
)
from practicerunner.api.openapi import THROTTLED
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.identity import accounts, passkeys, portal_accounts
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission, PortalPermission

router = APIRouter(tags=["portal sign-in"])
ACCOUNT = PortalPermission.ACCOUNT


class LinkRequest(Body):
    practice: str = Field(min_length=3, max_length=63, description="the practice's slug")
    email: str = Field(min_length=3, max_length=254)


class LinkSignIn(Body):
    token: str = Field(min_length=10, max_length=300)
    session_type: str = Field(default="browser", pattern="^(browser|api)$")


@router.post("/portal/sign-in/request", status_code=202, responses=THROTTLED)
def request_sign_in_link(
    body: LinkRequest,
    request: Request,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> dict[str, str]:
    """Emails a one-time sign-in link if the address belongs to someone with portal access.
    The answer is the same either way."""
    rt.authentication.request_portal_link(body.practice, body.email, where(request))
    return {"status": "If that address has portal access, a sign-in link is on its way."}


@router.post("/portal/sign-in/link", response_model=SessionAnswer, responses=THROTTLED)
def sign_in_with_link(
    body: LinkSignIn,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    signed_in = rt.authentication.portal_sign_in_with_link(body.token, where(request))
    return hand_over(signed_in, body.session_type, response)


@router.post("/portal/sign-in/begin", response_model=CeremonyOptions, responses=THROTTLED)
def begin_portal_passkey_sign_in(
    request: Request, _: None = Depends(public), rt: Runtime = Depends(runtime)
) -> CeremonyOptions:
    options, challenge_id = rt.authentication.sign_in_options("portal", where(request))
    return CeremonyOptions(challenge_id=challenge_id, options=options)


@router.post("/portal/sign-in/complete", response_model=SessionAnswer, responses=THROTTLED)
def complete_portal_passkey_sign_in(
    body: AssertionBody,
    request: Request,
    response: Response,
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
) -> SessionAnswer:
    signed_in = rt.authentication.sign_in_with_passkey(
        "portal", body.challenge_id, body.credential, where(request)
    )
    return hand_over(signed_in, body.session_type, response)


@router.get("/portal/me")
def portal_me(principal: PortalPrincipal = Depends(require_portal(ACCOUNT))) -> dict[str, Any]:
    return {
        "person_id": principal.person_id,
        "practice_id": str(principal.practice_id),
        "session": principal.session.public(),
    }


@router.post("/portal/sign-out", status_code=204)
def portal_sign_out(
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(ACCOUNT, while_off=True)),
    rt: Runtime = Depends(runtime),
) -> Response:
    rt.authentication.sign_out(principal.session, principal.actor)
    response.status_code = 204
    return response


@router.post("/portal/passkeys/begin", response_model=CeremonyOptions)
def begin_adding_portal_passkey(
    principal: PortalPrincipal = Depends(require_portal(ACCOUNT)),
    rt: Runtime = Depends(runtime),
) -> CeremonyOptions:
    """A client may add a passkey right after signing in by link (a fresh sign-in)."""
    _must_be_recent(rt, principal)
    options, challenge_id = rt.authentication.add_passkey_options(principal.session)
    return CeremonyOptions(challenge_id=challenge_id, options=options)


def _must_be_recent(rt: Runtime, principal: PortalPrincipal) -> None:
    from practicerunner.api.errors import ApiProblem
    from practicerunner.domain.identity.session_policy import REAUTHENTICATION_WINDOW

    if not principal.session.recently_authenticated(rt.clock.now(), REAUTHENTICATION_WINDOW):
        raise ApiProblem(
            403,
            "reauthentication-required",
            "Confirm it is you",
            "Sign in again (a new email link) before changing passkeys.",
        )


@router.post("/portal/passkeys/complete")
def complete_adding_portal_passkey(
    body: RegistrationBody,
    principal: PortalPrincipal = Depends(require_portal(ACCOUNT)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    _must_be_recent(rt, principal)
    result = rt.authentication.add_passkey(
        principal.session, principal.actor, body.challenge_id, body.credential, body.passkey_name
    )
    return {"id": str(result.id), "version": result.version}


@router.post("/portal/passkeys/remove")
def remove_portal_passkey(
    body: RemovePasskeyBody,
    principal: PortalPrincipal = Depends(require_portal(ACCOUNT)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    _must_be_recent(rt, principal)
    ctx = rt.context(principal.actor, principal.practice_id)
    account = portal_accounts.find_portal_account(
        ctx, str(principal.practice_id), principal.person_id
    )
    if account is None:
        raise NotFound("No passkey with that id.")
    result = passkeys.remove_passkey(
        passkeys.RemovePasskey(credential_id=body.credential_id),
        ctx,
        account,
        accounts.PORTAL_PASSKEY_CLAIM,
    )
    return {"id": str(result.id), "version": result.version}


# -- staff side: granting and closing portal access -------------------------------------------

command_route(
    router,
    "/portal-accounts",
    portal_accounts.open_portal_account,
    portal_accounts.OpenPortalAccount,
    Permission.PORTAL_ACCESS_MANAGE,
    status_code=201,
    versioned=False,
    summary="Give a person portal access",
)
command_route(
    router,
    "/portal-accounts/close",
    portal_accounts.close_portal_account,
    portal_accounts.ClosePortalAccount,
    Permission.PORTAL_ACCESS_MANAGE,
    versioned=False,
    summary="End a person's portal access",
)

__all__ = ["CommandAnswer", "Principal", "answer", "require"]
