"""Whatever the API keeps between requests (the names of the tables its one credential look-up
joins, ``projections.identity.credentials``), a credential that stops being valid is refused on
the very next request: a signed-out session, a revoked API token, a deactivated staff member, an
Archive plan; and a rebuild swapped in by another process changes nothing a caller sees."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.identity.tokens import RevokeAccessToken, revoke_access_token
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import caught_up, invite, joined
from tests.support.problems import refusal
from tests.support.tenants import open_tenant, staff_token


def warm(client: TestClient, headers: dict[str, str], times: int = 3) -> None:
    for _ in range(times):
        assert client.get("/auth/me", headers=headers).status_code == 200
        assert client.get("/staff", headers=headers).status_code == 200


def test_a_signed_out_session_is_refused_on_the_next_request(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    _, headers, _ = joined(client, runtime, invite(runtime, tenant, Role.SCHEDULER))
    warm(client, headers)

    assert client.post("/auth/sign-out", headers=headers).status_code == 204

    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")
    refusal(client.get("/staff", headers=headers), 401, "unauthenticated")


def test_a_revoked_api_token_is_refused_on_the_next_request(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    warm(client, tenant.headers)
    with runtime.db.read() as tx:
        table = runtime.engine.tables(tx, "access_tokens")["access_tokens"]
        (token_id,) = tx.fetchone(f"SELECT token_id FROM {table}") or ("",)

    ctx = runtime.context(Actor(tenant.owner_id), tenant.practice_id)
    revoke_access_token(RevokeAccessToken(token_id=UUID(token_id)), ctx)
    caught_up(runtime)

    refusal(client.get("/staff", headers=tenant.headers), 401, "unauthenticated")
    refusal(
        client.post(
            "/locations", json={"name": "Annex", "session_format": "video"}, headers=tenant.headers
        ),
        401,
        "unauthenticated",
    )


def test_a_deactivated_staff_member_is_refused_on_the_next_request_session_or_token(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.SCHEDULER)
    _, session, _ = joined(client, runtime, staff_id)
    token = {"Authorization": f"Bearer {staff_token(runtime, tenant, Role.BILLING)}"}
    billing_id = client.get("/auth/me", headers=token).json()["staff_id"]
    warm(client, session)
    warm(client, token)

    for person in (staff_id, billing_id):
        done = client.post(f"/staff/{person}/deactivate", headers=tenant.headers)
        assert done.status_code == 200, done.text
    caught_up(runtime)

    refusal(client.get("/auth/me", headers=session), 401, "unauthenticated")
    refusal(client.get("/staff", headers=token), 401, "unauthenticated")
    assert client.get("/staff", headers=tenant.headers).status_code == 200


def test_a_practice_moved_to_archive_refuses_the_next_write(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    warm(client, tenant.headers)
    created = client.post(
        "/locations", json={"name": "Annex", "session_format": "video"}, headers=tenant.headers
    )
    assert created.status_code == 201, created.text

    moved = client.post("/practice/change-plan", json={"plan": "archive"}, headers=tenant.headers)
    assert moved.status_code == 200, moved.text
    caught_up(runtime)

    refused = client.post(
        "/locations", json={"name": "Annex 2", "session_format": "video"}, headers=tenant.headers
    )
    refusal(refused, 403, "plan-limit")


def test_a_rebuild_swapped_in_by_another_process_is_seen_by_the_next_request(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.SCHEDULER)
    _, session, _ = joined(client, runtime, staff_id)
    warm(client, tenant.headers)
    warm(client, session)

    other = Runtime(runtime.settings, clock=runtime.clock)  # as `projections rebuild` would
    try:
        other.engine.rebuild_together(["staff", "access_tokens", "practice_directory"])
    finally:
        other.close()
    assert client.get("/staff", headers=tenant.headers).status_code == 200
    assert client.get("/auth/me", headers=session).status_code == 200

    done = client.post(f"/staff/{staff_id}/deactivate", headers=tenant.headers)
    assert done.status_code == 200, done.text
    caught_up(runtime)
    refusal(client.get("/auth/me", headers=session), 401, "unauthenticated")
