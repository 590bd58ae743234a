"""Plan entitlements where clients and cases are written: the active-client limit (counted by
the scheduling context's ``ActiveClientRoster`` in the same write) and supervision."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import catalog, practice
from practicerunner.domain.base import Actor
from practicerunner.domain.clients.active_clients import ActiveClientRoster
from practicerunner.domain.practice.roles import Plan
from tests.support.passkeys import caught_up, invite_owner, joined
from tests.support.problems import refusal
from tests.support.tenants import Tenant, open_tenant


def _client(client: TestClient, tenant: Tenant, n: int, status: str = "active") -> str:
    r = client.post(
        "/people",
        json={"given_name": f"Client{n}", "family_name": "Test", "status": status},
        headers=tenant.headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _open(client: TestClient, tenant: Tenant, person_id: str) -> Any:
    return client.post(
        "/cases",
        json={"kind": "individual", "participant_ids": [person_id],
              "provider_ids": [tenant.owner_id]},
        headers=tenant.headers,
    )  # fmt: skip


def _events(rt: Runtime) -> int:
    return rt.stores.scheduling.recorder.max_notification_id() or 0


def test_starter_takes_ten_active_clients_and_refuses_the_eleventh_writing_nothing(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime, plan=Plan.STARTER)
    for n in range(10):
        assert _open(client, tenant, _client(client, tenant, n)).status_code == 201
    eleventh = _client(client, tenant, 10)
    before = _events(runtime)

    refused = _open(client, tenant, eleventh)

    refusal(refused, 403, "plan-limit")
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["type"].endswith("/plan-limit")
    assert problem["limit"] == "active_clients"
    assert problem["plan"] == "starter"
    assert problem["lifted_by"] == "professional"
    assert "10 active clients" in problem["detail"] and "Professional" in problem["detail"]
    assert _events(runtime) == before  # nothing written

    # A prospect in a case takes no place; making them Active is the 11th and is refused.
    prospect = _client(client, tenant, 11, status="prospect")
    opened = _open(client, tenant, prospect)
    assert opened.status_code == 201
    before = _events(runtime)
    refused = client.post(
        f"/people/{prospect}/change-status", json={"status": "active"}, headers=tenant.headers
    )
    refusal(refused, 403, "plan-limit")
    assert refused.json()["limit"] == "active_clients"
    assert _events(runtime) == before

    # Closing a case frees its places.
    case_id = opened.json()["id"]
    caught_up(runtime)
    first_case = next(
        c
        for c in client.get("/cases", headers=tenant.headers).json()["items"]
        if c["case_id"] != case_id
    )
    assert client.post(f"/cases/{first_case['case_id']}/close", headers=tenant.headers).is_success
    ok = client.post(
        f"/people/{prospect}/change-status", json={"status": "active"}, headers=tenant.headers
    )
    assert ok.status_code == 200, ok.text
    roster = runtime.stores.scheduling.repository.get(ActiveClientRoster.id_for(tenant.practice_id))
    assert roster.active_clients == 10
    assert case_id in roster.active_in[prospect]
    # Reopening the closed case would make 11.
    assert (
        client.post(f"/cases/{first_case['case_id']}/reopen", headers=tenant.headers).status_code
        == 403
    )


def test_group_has_no_active_client_limit_and_a_downgrade_that_does_not_fit_is_refused(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime, plan=Plan.GROUP)
    for n in range(11):
        assert _open(client, tenant, _client(client, tenant, n)).status_code == 201
    _, headers, _ = joined(client, runtime, invite_owner(runtime, tenant))

    refused = client.post("/practice/change-plan", json={"plan": "starter"}, headers=headers)

    refusal(refused, 403, "plan-limit")
    assert refused.json()["limit"] == "active_clients"
    assert "11 active clients" in refused.json()["detail"]


def test_supervision_is_refused_on_starter_and_case_supervisors_need_group(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime, plan=Plan.STARTER)
    ctx = runtime.context(Actor(tenant.owner_id), tenant.practice_id)
    video = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    service = catalog.add_service(
        catalog.AddService(name="Session", duration_minutes=50, fee_cents=100), ctx
    )
    case = _open(client, tenant, _client(client, tenant, 1))
    case_id = case.json()["id"]

    # Starter: a case-level supervisor, and a session supervisor, are refused.
    refused = client.post(
        f"/cases/{case_id}/set-supervisor",
        json={"supervisor_id": tenant.owner_id},
        headers=tenant.headers,
    )
    refusal(refused, 403, "plan-limit")
    assert refused.json()["limit"] == "case_supervisors"
    assert refused.json()["lifted_by"] == "group"
    booked = client.post(
        "/appointments",
        json={"case_id": case_id, "provider_id": tenant.owner_id, "service_id": str(service.id),
              "location_id": str(video.id), "start": "2026-03-09T15:00:00Z",
              "supervisor_id": tenant.owner_id},
        headers=tenant.headers,
    )  # fmt: skip
    refusal(booked, 403, "plan-limit")
    assert booked.json()["limit"] == "supervision"
    practice.change_plan(practice.ChangePlan(plan=Plan.PROFESSIONAL), ctx)
    caught_up(runtime)
    refused = client.post(
        f"/cases/{case_id}/set-supervisor",
        json={"supervisor_id": tenant.owner_id},
        headers=tenant.headers,
    )
    refusal(refused, 403, "plan-limit")
    assert refused.json()["plan"] == "professional"
