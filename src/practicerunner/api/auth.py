"""Authentication and authorization, declared by every route in one way.

A route asks for ``Depends(require(Permission.X))`` (and gets the caller as a ``Principal``) or
``Depends(public)``. The declaration is kept on the dependency so that a test can prove every
route has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from fastapi import Request

from practicerunner.api.errors import ApiProblem
from practicerunner.domain.base import Actor
from practicerunner.domain.permissions import Permission, role_may
from practicerunner.domain.roles import Role
from practicerunner.projections.queries import ReadModels
from practicerunner.signing import hash_token


@dataclass(frozen=True)
class Principal:
    staff_id: str
    practice_id: UUID
    role: Role
    on_behalf_of: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.staff_id, self.on_behalf_of)


def _unauthenticated(detail: str) -> ApiProblem:
    return ApiProblem(
        401,
        "unauthenticated",
        "Sign-in required",
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="practicerunner"'},
    )


def authenticate(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthenticated("Send an Authorization: Bearer token.")
    read_models: ReadModels = request.app.state.read_models
    row = read_models.access_token(hash_token(token.strip()))
    if row is None or row["revoked"]:
        raise _unauthenticated("The token is not valid.")
    staff = read_models.staff_member(row["practice_id"], row["staff_id"])
    if staff is None or staff["status"] == "deactivated":
        raise _unauthenticated("The token is not valid.")
    return Principal(
        staff_id=row["staff_id"], practice_id=UUID(row["practice_id"]), role=Role(staff["role"])
    )


def require(permission: Permission) -> Callable[[Request], Principal]:
    def dependency(request: Request) -> Principal:
        principal = authenticate(request)
        if not role_may(principal.role, permission):
            raise ApiProblem(
                403,
                "forbidden",
                "Not allowed",
                f"Your role ({principal.role.value}) does not allow {permission.value}.",
                permission=permission.value,
            )
        request.state.principal = principal
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


def public(request: Request) -> None:
    """Declares a route open to anyone (health, public practice pages)."""


public.permission = "public"  # type: ignore[attr-defined]
