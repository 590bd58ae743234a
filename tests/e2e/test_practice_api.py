"""The practice API through HTTP: problem+json errors that change nothing, concurrency,
If-Match, Idempotency-Key, pagination, tenant scoping, read-your-writes and history."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.problems import refusal
from tests.support.tenants import Tenant, open_tenant, staff_token

PROBLEM = "application/problem+json"


@pytest.fixture
def tenant(runtime: Runtime) -> Tenant:
    return open_tenant(runtime)


def add_service(client: TestClient, tenant: Tenant, **overrides: Any) -> dict:
    body = {
        "name": "Psychotherapy, 60 minutes",
        "cpt_code": "90837",
        "duration_minutes": 60,
        "fee_cents": 18000,
        **overrides,
    }
    r = client.post("/services", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_health_and_docs_are_served(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    assert "/practice" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("path", "body", "field", "problem_type"),
    [
        (
            "/services",
            {"name": "X", "duration_minutes": 60},
            "fee_cents",
            "validation-error",
        ),  # missing field
        (
            "/services",
            {"name": "X", "duration_minutes": "long", "fee_cents": 1},
            "duration",
            "validation-error",
        ),
        (
            "/services",
            {"name": "X", "duration_minutes": 60, "fee_cents": -5},
            "never negative",
            "invalid-value",
        ),
        (
            "/services",
            {"name": "X", "duration_minutes": 60, "fee_cents": 5, "cpt_code": "9O837"},
            "CPT",
            "invalid-value",
        ),
        (
            "/services",
            {"name": "X", "duration_minutes": 60, "fee_cents": 5, "colour": "red"},
            "colour",
            "validation-error",
        ),
        (
            "/locations",
            {"name": "Office", "session_format": "in_person"},
            "address",
            "invalid-value",
        ),
        (
            "/locations",
            {"name": "Office", "session_format": "hologram"},
            "session_format",
            "validation-error",
        ),
        (
            "/staff",
            {"email": "not-an-email", "given_name": "A", "family_name": "B", "role": "provider"},
            "email",
            "invalid-value",
        ),
        (
            "/staff",
            {"email": "a@b.example", "given_name": "A", "family_name": "B", "role": "owner"},
            "one owner",
            "rule-violation",
        ),
        ("/practice/change-timezone", {"timezone": "Mars/Base"}, "timezone", "invalid-value"),
        (
            "/practice/change-settings",
            {"group": "security", "values": {"staff_idle_timeout_minutes": 0}},
            "between",
            "invalid-value",
        ),
        ("/practice/change-slug", {"slug": "Not A Slug"}, "slug", "invalid-value"),
    ],
)
def test_bad_input_is_a_problem_and_writes_nothing(
    runtime: Runtime,
    client: TestClient,
    tenant: Tenant,
    path: str,
    body: dict,
    field: str,
    problem_type: str,
) -> None:
    head = runtime.stores.head_positions()
    r = client.post(path, json=body, headers=tenant.headers)
    refusal(r, 422, problem_type)
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == 422 and problem["type"].startswith("https://")
    assert field.lower() in r.text.lower()
    assert runtime.stores.head_positions() == head


def test_unknown_ids_answer_404_and_write_nothing(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    head = runtime.stores.head_positions()
    missing = "00000000-0000-4000-8000-000000000000"
    r = client.post(
        f"/services/{missing}/change-fee", json={"fee_cents": 1}, headers=tenant.headers
    )
    refusal(r, 404, "not-found")
    assert r.headers["content-type"].startswith(PROBLEM)
    refusal(client.get(f"/staff/{missing}", headers=tenant.headers), 404, "not-found")
    refusal(client.get("/staff/not-a-uuid", headers=tenant.headers), 422, "validation-error")
    assert runtime.stores.head_positions() == head


def test_another_practices_ids_answer_404(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    service = add_service(client, tenant)
    other = open_tenant(runtime, "cove-counseling")
    r = client.get(f"/services/{service['id']}", headers=other.headers)
    refusal(r, 404, "not-found")
    r = client.post(
        f"/services/{service['id']}/change-fee", json={"fee_cents": 1}, headers=other.headers
    )
    refusal(r, 404, "not-found")
    refusal(client.get(f"/history/{service['id']}", headers=other.headers), 404, "not-found")
    listed = client.get("/services", headers=other.headers).json()["items"]
    assert listed == []


def test_requests_without_a_valid_token_are_refused(client: TestClient, tenant: Tenant) -> None:
    refusal(client.get("/practice"), 401, "unauthenticated")
    r = client.get("/practice", headers={"Authorization": "Bearer nope"})
    refusal(r, 401, "unauthenticated")
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_a_role_without_permission_gets_403(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    token = staff_token(runtime, tenant, Role.SCHEDULER)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/practice", headers=headers).status_code == 200
    r = client.post("/practice/rename", json={"name": "Mine"}, headers=headers)
    refusal(r, 403, "forbidden")
    assert "practice.manage" in r.json()["detail"]


def test_concurrent_changes_one_succeeds_the_other_gets_409(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    service = add_service(client, tenant)
    # Both requests load the service at the same version; the store accepts only one save.
    app = runtime.stores.practice
    original_get = app.repository.get
    barrier = threading.Barrier(2, timeout=10)

    def get_then_wait(*args: Any, **kwargs: Any) -> Any:
        aggregate = original_get(*args, **kwargs)
        if str(aggregate.id) == service["id"]:
            barrier.wait()
        return aggregate

    app.repository.get = get_then_wait  # type: ignore[method-assign]
    results: list[int] = []

    def change(fee: int) -> None:
        r = client.post(
            f"/services/{service['id']}/change-fee", json={"fee_cents": fee}, headers=tenant.headers
        )
        results.append(r.status_code)

    threads = [threading.Thread(target=change, args=(fee,)) for fee in (111, 222)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    app.repository.get = original_get  # type: ignore[method-assign]
    assert sorted(results) == [200, 409]
    final = client.get(
        f"/services/{service['id']}?after=practice:{runtime.stores.head_positions()['practice']}",
        headers=tenant.headers,
    )
    assert final.json()["version"] == 2 and final.json()["fee_cents"] in (111, 222)


def test_if_match_guards_against_lost_updates(client: TestClient, tenant: Tenant) -> None:
    service = add_service(client, tenant)
    r = client.get(f"/services/{service['id']}?after={service['position']}", headers=tenant.headers)
    etag = r.headers["etag"]
    assert etag == '"1"'
    ok = client.post(
        f"/services/{service['id']}/change-fee",
        json={"fee_cents": 100},
        headers={**tenant.headers, "If-Match": etag},
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    stale = client.post(
        f"/services/{service['id']}/change-fee",
        json={"fee_cents": 200},
        headers={**tenant.headers, "If-Match": etag},
    )
    refusal(stale, 412, "version-mismatch")
    assert stale.json()["current_version"] == 2


def test_an_idempotency_key_replays_the_first_answer(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    headers = {**tenant.headers, "Idempotency-Key": "add-therapy-1"}
    body = {"name": "Therapy", "duration_minutes": 50, "fee_cents": 100}
    first = client.post("/services", json=body, headers=headers)
    head = runtime.stores.head_positions()
    again = client.post("/services", json=body, headers=headers)
    assert again.status_code == first.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert runtime.stores.head_positions() == head, "the retry recorded nothing"
    reused = client.post("/services", json={**body, "fee_cents": 1}, headers=headers)
    refusal(reused, 422, "idempotency-key-reused")
    assert "different request" in reused.json()["detail"]
    items = client.get(
        f"/services?after={first.json()['position']}", headers=tenant.headers
    ).json()["items"]
    assert [s["name"] for s in items] == ["Therapy"]


def test_lists_page_with_cursors(client: TestClient, tenant: Tenant) -> None:
    last = None
    for i in range(7):
        last = add_service(client, tenant, name=f"Service {i}")
    seen, cursor = [], None
    while True:
        url = f"/services?limit=3&after={last['position']}" + (
            f"&cursor={cursor}" if cursor else ""
        )
        page = client.get(url, headers=tenant.headers).json()
        seen += [s["name"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Service {i}" for i in range(7)]
    refusal(client.get("/services?cursor=garbage", headers=tenant.headers), 422, "invalid-value")


def test_admins_never_appear_in_the_provider_list(
    runtime: Runtime, client: TestClient, tenant: Tenant
) -> None:
    for role in (Role.PROVIDER, Role.ASSOCIATE, Role.BILLING, Role.COORDINATOR):
        staff_token(runtime, tenant, role)
    head = runtime.stores.head_positions()["practice"]
    roles = {
        p["role"]
        for p in client.get(f"/providers?after=practice:{head}", headers=tenant.headers).json()[
            "items"
        ]
    }
    assert roles == {"provider", "associate"}
    everyone = client.get("/staff", headers=tenant.headers).json()["items"]
    assert {s["role"] for s in everyone} >= {"billing", "coordinator", "owner"}


def test_invited_staff_is_listed_with_their_credentials(client: TestClient, tenant: Tenant) -> None:
    r = client.post(
        "/staff",
        json={
            "email": "li@example.com",
            "given_name": "Li",
            "family_name": "Chen",
            "role": "provider",
        },
        headers=tenant.headers,
    )
    staff_id = r.json()["id"]
    r = client.post(
        f"/staff/{staff_id}/set-provider-credentials",
        json={"npi": "1245319599", "license_state": "ME", "taxonomy": "106H00000X"},
        headers=tenant.headers,
    )
    assert r.status_code == 200, r.text
    member = client.get(
        f"/staff/{staff_id}?after={r.json()['position']}", headers=tenant.headers
    ).json()
    assert member["status"] == "invited" and member["credentials"]["npi"] == "1245319599"
    bad = client.post(
        f"/staff/{staff_id}/set-provider-credentials",
        json={"npi": "1245319598"},
        headers=tenant.headers,
    )
    refusal(bad, 422, "invalid-value")
    assert "check digit" in bad.json()["detail"]


def test_history_shows_state_and_events_as_of_a_version(
    client: TestClient, tenant: Tenant, clock: ControlledClock
) -> None:
    service = add_service(client, tenant)
    for fee in (100, 200, 300):
        clock.advance(timedelta(minutes=5))
        client.post(
            f"/services/{service['id']}/change-fee", json={"fee_cents": fee}, headers=tenant.headers
        )
    full = client.get(f"/history/{service['id']}", headers=tenant.headers).json()
    assert [e["event"] for e in full["events"]] == [
        "Added",
        "FeeChanged",
        "FeeChanged",
        "FeeChanged",
    ]
    assert all(e["actor_id"] == tenant.owner_id for e in full["events"])
    assert full["state"]["fee_cents"] == 300
    v2 = client.get(f"/history/{service['id']}?version=2", headers=tenant.headers).json()
    assert v2["state"]["fee_cents"] == 100 and len(v2["events"]) == 2
    as_of = full["events"][1]["recorded_at"]
    at = client.get(
        f"/history/{service['id']}", params={"as_of": as_of}, headers=tenant.headers
    ).json()
    assert at["version"] == 2


def test_read_your_writes_waits_for_the_projection(client: TestClient, tenant: Tenant) -> None:
    r = client.post("/practice/rename", json={"name": "Harbor Renamed"}, headers=tenant.headers)
    position = r.json()["position"]
    practice = client.get(f"/practice?after={position}", headers=tenant.headers).json()
    assert practice["name"] == "Harbor Renamed"
    # A position the log never reached was never returned: refused at once, not waited for.
    far = client.get("/practice?after=practice:999999", headers=tenant.headers)
    assert far.status_code == 422
    assert far.json()["type"] == "https://practicerunner.org/problems/validation-error"


def test_a_read_whose_projection_is_behind_answers_503(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    api = TestClient(create_app(runtime))  # no background work: nothing projects the write
    r = api.post("/practice/rename", json={"name": "Harbor Renamed"}, headers=tenant.headers)
    behind = api.get(f"/practice?after={r.json()['position']}", headers=tenant.headers)
    assert behind.status_code == 503 and behind.headers["retry-after"] == "1"
    assert behind.json()["type"] == "https://practicerunner.org/problems/read-model-behind"
