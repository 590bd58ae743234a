"""Staff see whether a calendar feed is switched on (never its address again): on after
issuing, still on after rotating, off after revoking; unknown owners and another practice's
answer 404, and a provider sees only their own feed."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from httpx import Response

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.scheduling import person, ready_practice
from tests.support.tenants import open_tenant, staff_token


def _state(client: TestClient, headers: dict[str, str], kind: str, owner_id: str) -> Response:
    return client.get(
        "/calendar-feeds", params={"owner_kind": kind, "owner_id": owner_id}, headers=headers
    )


def test_a_feed_reads_on_after_issuing_and_rotating_and_off_after_revoking(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    feed = {"owner_kind": "provider", "owner_id": p.provider_id}
    r = _state(client, p.headers, "provider", p.provider_id)
    assert r.status_code == 200, r.text
    assert r.json() == feed | {"enabled": False}
    for _ in range(2):  # switched on, then rotated
        assert client.post("/calendar-feeds/issue", json=feed, headers=p.headers).is_success
        answer = _state(client, p.headers, "provider", p.provider_id).json()
        assert answer == feed | {"enabled": True}
        assert "token" not in str(answer) and "path" not in answer
    assert client.post("/calendar-feeds/revoke", json=feed, headers=p.headers).is_success
    assert _state(client, p.headers, "provider", p.provider_id).json()["enabled"] is False

    client_id = person(client, p, "Casey", "Client")
    assert _state(client, p.headers, "client", client_id).json()["enabled"] is False


def test_unknown_and_foreign_owners_answer_404_and_a_provider_sees_only_their_own(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    other = open_tenant(runtime, "bayside-counseling")
    r = _state(client, other.headers, "provider", p.provider_id)
    assert r.status_code == 404 and r.json()["type"].endswith("/not-found")
    r = _state(client, p.headers, "client", str(uuid.uuid4()))
    assert r.status_code == 404 and r.json()["type"].endswith("/not-found")
    provider = {"Authorization": f"Bearer {staff_token(runtime, p.tenant, Role.PROVIDER)}"}
    r = _state(client, provider, "provider", p.provider_id)  # a colleague's feed
    assert r.status_code == 404 and r.json()["type"].endswith("/not-found")
    r = _state(client, p.headers, "bogus", p.provider_id)
    assert r.status_code == 422 and r.json()["type"].endswith("/validation-error")
