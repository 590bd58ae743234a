"""Joining and signing in through the real API with the software authenticator."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from practicerunner.adapters.signing import sign_link
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice.staff import (
    InviteStaff,
    StaffCommand,
    invite_staff,
    resend_invitation,
)
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.identity.invitations import INVITATION_LINK
from tests.support.soft_authenticator import SoftAuthenticator
from tests.support.tenants import Tenant

ORIGIN = "http://127.0.0.1:8000"  # the default public base URL's origin


def caught_up(rt: Runtime) -> None:
    assert rt.engine.wait_for(list(rt.engine.projections), rt.stores.head_positions(), 10)


def invitation_token(rt: Runtime, staff_id: str) -> str:
    staff = rt.stores.practice.repository.get(UUID(staff_id))
    assert isinstance(staff, StaffMember) and staff.invitation_id
    return sign_link(rt.settings.resolved_secret_key(), INVITATION_LINK, UUID(staff.invitation_id))


def invite(rt: Runtime, tenant: Tenant, role: Role, email: str | None = None) -> str:
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    result = invite_staff(
        InviteStaff(
            email=email or f"{role.value}@{tenant.practice_id.hex[:8]}.example",
            given_name=role.value.title(),
            family_name="Member",
            role=role,
        ),
        ctx,
    )
    caught_up(rt)
    return str(result.id)


def invite_owner(rt: Runtime, tenant: Tenant) -> str:
    """The owner opened the practice from the CLI: they join by an invitation link too."""
    ctx = rt.context(Actor.service("cli"), tenant.practice_id)
    resend_invitation(StaffCommand(staff_id=UUID(tenant.owner_id)), ctx)
    caught_up(rt)
    return tenant.owner_id


def join(
    client: TestClient,
    rt: Runtime,
    staff_id: str,
    authenticator: SoftAuthenticator | None = None,
    *,
    origin: str = ORIGIN,
    session_type: str = "api",
) -> tuple[SoftAuthenticator, dict[str, Any]]:
    authenticator = authenticator or SoftAuthenticator()
    token = invitation_token(rt, staff_id)
    begin = client.post("/auth/join/begin", json={"token": token})
    assert begin.status_code == 200, begin.text
    credential = authenticator.create(begin.json()["options"], origin)
    done = client.post(
        "/auth/join/complete",
        json={
            "token": token,
            "challenge_id": begin.json()["challenge_id"],
            "credential": credential,
            "passkey_name": "Work laptop",
            "session_type": session_type,
        },
    )
    return authenticator, done.json() | {"status_code": done.status_code}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(
    client: TestClient,
    authenticator: SoftAuthenticator,
    *,
    origin: str = ORIGIN,
    realm: str = "auth",
    session_type: str = "api",
) -> Any:
    begin = client.post(f"/{realm}/sign-in/begin")
    assert begin.status_code == 200, begin.text
    credential = authenticator.get(begin.json()["options"], origin)
    return client.post(
        f"/{realm}/sign-in/complete",
        json={
            "challenge_id": begin.json()["challenge_id"],
            "credential": credential,
            "session_type": session_type,
        },
    )


def joined(
    client: TestClient, rt: Runtime, staff_id: str
) -> tuple[SoftAuthenticator, dict[str, str], dict[str, Any]]:
    """A staff member who joined: their authenticator, bearer headers and the join answer."""
    authenticator, answer = join(client, rt, staff_id)
    assert answer["status_code"] == 200, answer
    caught_up(rt)
    return authenticator, bearer(answer["token"]), answer


def reauthenticate(
    client: TestClient, authenticator: SoftAuthenticator, headers: dict[str, str]
) -> None:
    begin = client.post("/auth/reauthenticate/begin", headers=headers)
    assert begin.status_code == 200, begin.text
    credential = authenticator.get(begin.json()["options"], ORIGIN)
    done = client.post(
        "/auth/reauthenticate/complete",
        json={"challenge_id": begin.json()["challenge_id"], "credential": credential},
        headers=headers,
    )
    assert done.status_code == 204, done.text
