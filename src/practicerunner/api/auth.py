"""Authentication and authorization, declared by every route in one way.

A staff route asks for ``Depends(require(Permission.X))`` and gets the caller as a
``Principal``; a portal route asks for ``Depends(require_portal(PortalPermission.X))`` and gets
a ``PortalPrincipal``; an open route asks for ``Depends(public)``. The declaration is kept on
the dependency (``.permission``) so that a test can prove every route has one.

What ``require`` checks, in this order, for every request:

1. a credential: a session token (``Authorization: Bearer`` for API clients, the
   ``__Host-pr_session`` cookie for browsers) or a long-lived API token (issued by the CLI);
2. the session is live (idle and absolute timeouts; it is touched, restarting the idle clock);
3. cookie-authenticated writes come from our own origin (CSRF), on top of SameSite=Strict;
4. the person is an active staff member of the practice the session belongs to (tenant);
5. their role has the permission (``permissions.MATRIX``);
6. an Archive practice refuses every permission that writes practice data;
7. sensitive actions (``recent_sign_in=True``) need a passkey sign-in in the last 10 minutes.

Every answer to a caller acting as a provider carries ``X-Acting-For``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from fastapi import Request, Response

from practicerunner.adapters.access_log import AccessEntry
from practicerunner.adapters.sessions import Session
from practicerunner.api.errors import ApiProblem
from practicerunner.domain.base import Actor
from practicerunner.domain.identity.permissions import (
    Permission,
    PortalPermission,
    allowed_on_archive,
    role_may,
)
from practicerunner.domain.identity.session_policy import REAUTHENTICATION_WINDOW
from practicerunner.domain.practice.roles import Role
from practicerunner.projections.identity.credentials import Credential

log = logging.getLogger(__name__)

SESSION_COOKIE = "__Host-pr_session"
ACTING_HEADER = "X-Acting-For"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member. ``session`` is None for a long-lived API token."""

    staff_id: str
    practice_id: UUID
    role: Role
    on_behalf_of: str | None = None
    session: Session | None = None
    address: str | None = None
    plan: str | None = None  # the practice's plan as this request found it

    @property
    def actor(self) -> Actor:
        return Actor(self.staff_id, self.on_behalf_of)


@dataclass(frozen=True)
class PortalPrincipal:
    """A person signed in to a practice's client portal."""

    person_id: str
    practice_id: UUID
    session: Session
    address: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(f"person:{self.person_id}")


def _unauthenticated(detail: str) -> ApiProblem:
    return ApiProblem(
        401,
        "unauthenticated",
        "Sign-in required",
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="practicerunner"'},
    )


def _forbidden(detail: str, **extra: object) -> ApiProblem:
    return ApiProblem(403, "forbidden", "Not allowed", detail, **extra)


def client_address(request: Request) -> str | None:
    # Behind a proxy, run uvicorn with --proxy-headers so that this is the client's address.
    return request.client.host if request.client else None


def _credential(request: Request) -> tuple[str, bool] | None:
    """The presented token and whether it came from the cookie."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthenticated("Send an Authorization: Bearer token.")
        return token.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else None


def _same_origin(request: Request) -> bool:
    expected = request.app.state.runtime.settings.public_origin
    origin = request.headers.get("origin")
    if origin is not None:
        return bool(origin == expected)
    return request.headers.get("sec-fetch-site") == "same-origin"


def _lookup(request: Request) -> tuple[Session | None, Credential]:
    """The credential of the request, looked up once (``projections.identity.credentials``):
    its live session (touched) or None for an API token. Refuses a missing, unknown, ended or
    expired credential with 401."""
    cached = getattr(request.state, "credential_checked", None)
    if cached is not None:
        return cached
    found = _credential(request)
    if found is None:
        raise _unauthenticated("Sign in, or send an Authorization: Bearer token.")
    token, from_cookie = found
    if from_cookie and request.method not in _SAFE_METHODS and not _same_origin(request):
        raise _forbidden("Cross-site request refused.", reason="cross-site")
    rt = request.app.state.runtime
    credential: Credential = request.app.state.credentials.find(token)
    session, reason = None, "unknown"
    if credential.session is not None:
        session, reason = rt.sessions.checked(credential.session, rt.clock.now())
    if session is None and (
        reason != "unknown" or from_cookie or credential.token_staff_id is None
    ):
        raise _unauthenticated(
            "Your session has ended; sign in again."
            if reason in ("idle-timeout", "absolute-timeout", "signed-out")
            else "The session is not valid."
            if reason != "unknown" or from_cookie
            else "The token is not valid.",
        )
    request.state.credential_checked = (session, credential)
    return session, credential


def current_session(request: Request) -> Session | None:
    """The live session of the request (touching it), None if it presents an API token.
    Refuses a missing, unknown, ended or expired credential with 401."""
    return _lookup(request)[0]


def authenticate(request: Request) -> Principal:
    session, found = _lookup(request)
    if session is None:
        if found.token_revoked:
            raise _unauthenticated("The token is not valid.")
        staff_id, practice_id = found.token_staff_id, found.token_practice_id
    elif session.kind != "staff":
        raise _forbidden("This is a staff area; portal sign-ins cannot use it.")
    else:
        staff_id, practice_id = session.subject_id, session.practice_id
    if staff_id is None or practice_id is None:
        raise _unauthenticated("The token is not valid.")
    if found.staff_role is None or found.staff_status == "deactivated":
        raise _unauthenticated("The session is not valid.")
    role = Role(found.staff_role)
    acting_for = session.acting_for if session else None
    if session is not None and acting_for is not None:
        acting_for = _still_acting(request, session, role, acting_for)
    return Principal(
        staff_id=staff_id,
        practice_id=UUID(practice_id),
        role=role,
        on_behalf_of=acting_for,
        session=session,
        address=client_address(request),
        plan=found.plan,
    )


def _still_acting(request: Request, session: Session, role: Role, provider_id: str) -> str | None:
    """The provider a session acts for, checked on every request: once the owner revoked the
    delegation (or the provider left), the session stops acting, the stop is recorded on the
    person's account, and a write is refused, so that nothing meant for the provider is
    written in the person's own name. Reads go on as the person themselves."""
    from practicerunner.commands.identity import accounts, delegation
    from practicerunner.domain.errors import Conflict

    rt = request.app.state.runtime
    practice_id = UUID(session.practice_id)
    ctx = rt.context(Actor(session.subject_id), practice_id)
    if delegation.may_go_on_acting(ctx, session.subject_id, role, provider_id):
        return provider_id
    if rt.sessions.stop_acting_for(session.session_id, provider_id):
        account = accounts.find_staff_account(ctx, session.subject_id)
        if account is not None:
            try:
                delegation.record_acting(
                    ctx, account, provider_id, session.session_id, started=False
                )
            except Conflict:  # the account changed meanwhile: the session has stopped anyway
                log.warning("acting stop not recorded: the account changed concurrently")
        log.info("acting as a provider ended: delegation no longer valid")
    if request.method not in _SAFE_METHODS:
        raise ApiProblem(
            403,
            "delegation-revoked",
            "You no longer act for this provider",
            "The practice owner revoked your authorisation to act for this provider (or the "
            "provider is no longer active), so nothing was changed. You are working as "
            "yourself again.",
        )
    return None


def require(
    permission: Permission, *, recent_sign_in: bool = False
) -> Callable[[Request, Response], Principal]:
    def dependency(request: Request, response: Response) -> Principal:
        principal = authenticate(request)
        if not role_may(principal.role, permission):
            raise _forbidden(
                f"Your role ({principal.role.value}) does not allow {permission.value}.",
                permission=permission.value,
            )
        if not allowed_on_archive(permission) and (principal.plan == "archive"):
            raise ApiProblem(
                403,
                "plan-limit",
                "The practice's plan does not allow this",
                "The practice is on the Archive plan, which is read-only; resume a plan to "
                "make changes. Reading and exporting still work.",
                limit="archive_read_only",
                plan="archive",
            )
        if recent_sign_in:
            now = request.app.state.runtime.clock.now()
            if principal.session is None or not principal.session.recently_authenticated(
                now, REAUTHENTICATION_WINDOW
            ):
                raise ApiProblem(
                    403,
                    "reauthentication-required",
                    "Confirm it is you",
                    "This action needs a passkey confirmation from the last 10 minutes: "
                    "POST /auth/reauthenticate/begin, then /complete.",
                )
        if principal.on_behalf_of:
            response.headers[ACTING_HEADER] = principal.on_behalf_of
        request.state.principal = principal
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    dependency.recent_sign_in = recent_sign_in  # type: ignore[attr-defined]
    return dependency


def require_portal(
    permission: PortalPermission, *, while_off: bool = False
) -> Callable[[Request], PortalPrincipal]:
    """A portal route: the caller is signed in to the portal. What they may see in each case
    follows their role in it (``permissions.PORTAL_MATRIX``), checked by the route per case.
    ``while_off``: the route works while the practice has its portal switched off (signing
    out, which only ends the caller's own session)."""

    def dependency(request: Request) -> PortalPrincipal:
        session = current_session(request)
        if session is None or session.kind != "portal":
            raise _forbidden("This is the client portal; staff sign-ins cannot use it.")
        if not while_off:
            _portal_must_be_on(request, session.practice_id)
        principal = PortalPrincipal(
            person_id=session.subject_id,
            practice_id=UUID(session.practice_id),
            session=session,
            address=client_address(request),
        )
        request.state.portal_principal = principal
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


def _portal_must_be_on(request: Request, practice_id: str) -> None:
    """A practice that switched its portal off (``portal.enabled``) ends what portal sessions
    may do at once: every portal route answers ``portal-off`` until it is switched on again.
    The practice is read from the event store's cache, so the change holds from the next
    request, not once a read model has caught up."""
    from practicerunner.commands.base import load
    from practicerunner.domain.practice.practice import Practice

    stores = request.app.state.runtime.stores
    load(stores.practice, Practice, practice_id, None, copy=False).portal_must_be_on()


async def public(request: Request) -> None:
    """Declares a route open to anyone (health, sign-in, public practice pages)."""


public.permission = "public"  # type: ignore[attr-defined]


def record_access(
    request: Request,
    principal: Principal | PortalPrincipal,
    *,
    category: str,
    resource_type: str,
    resource_id: str | None = None,
    resource_ids: list[str] | None = None,
    action: str = "read",
) -> None:
    """Writes the access log entry for a read of clinical or billing data (or an export).
    Call it in every route that returns such data, before returning it. A page of records
    (``resource_ids``) writes one entry per record, in one transaction, so that "who saw this
    client's record" finds list views too. Portal readers are logged as ``person:<id>``."""
    rt = request.app.state.runtime
    route = request.scope.get("route")
    ids: list[str | None] = list(resource_ids) if resource_ids is not None else [resource_id]
    on_behalf_of = principal.on_behalf_of if isinstance(principal, Principal) else None
    entries = [
        AccessEntry(
            practice_id=str(principal.practice_id),
            actor_id=principal.actor.id,
            on_behalf_of=on_behalf_of,
            session_id=principal.session.session_id if principal.session else None,
            address=principal.address,
            action=action,
            category=category,
            resource_type=resource_type,
            resource_id=rid,
            route=route.path if route else "",
        )
        for rid in ids
    ]
    rt.access_log.record_many(entries, rt.clock.now())
