"""Plans enforced by commands, and acting as a provider with both identities on every event."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.base import Actor
from practicerunner.domain.clients.active_clients import ActiveClientRoster
from practicerunner.domain.errors import PlanLimitReached
from practicerunner.domain.identity.accounts import staff_account_id
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from tests.support.passkeys import (
    bearer,
    caught_up,
    invite,
    invite_owner,
    joined,
    reauthenticate,
    sign_in,
)
from tests.support.problems import refusal
from tests.support.tenants import open_tenant

OWNER = Actor("owner")
NOW = datetime(2026, 3, 2, tzinfo=UTC)


def starter_practice() -> Practice:
    return Practice.open(
        id=uuid.uuid4(),
        name="Solo",
        slug="solo-practice",
        timezone="Etc/UTC",
        plan=Plan.STARTER,
        owner_id="owner",
        by=OWNER,
        at=NOW,
    )


def test_the_eleventh_active_client_on_starter_is_refused_naming_the_limit() -> None:
    roster = ActiveClientRoster.start("practice", OWNER, NOW)
    for i in range(10):
        roster.record(f"person-{i}", [f"case-{i}"], [f"case-{i}"], Plan.STARTER, OWNER, NOW)
    # Already counted (Active in a second case): no new place taken.
    roster.record("person-3", ["case-3", "case-x"], ["case-3", "case-x"], Plan.STARTER, OWNER, NOW)
    # Taking part without being Active takes no place.
    roster.record("person-10", ["case-10"], [], Plan.STARTER, OWNER, NOW)

    with pytest.raises(PlanLimitReached) as refused:
        roster.record("person-10", ["case-10"], ["case-10"], Plan.STARTER, OWNER, NOW)

    assert refused.value.extra["limit"] == "active_clients"
    assert refused.value.extra["lifted_by"] == "professional"
    assert "10 active clients" in refused.value.detail
    roster.record("person-0", ["case-0"], [], Plan.STARTER, OWNER, NOW)  # no longer Active
    roster.record("person-10", ["case-10"], ["case-10"], Plan.STARTER, OWNER, NOW)
    assert roster.active_clients == 10
    roster.record("person-11", ["case-11"], ["case-11"], Plan.GROUP, OWNER, NOW)
    assert roster.active_clients == 11


def test_moving_down_to_a_plan_the_practice_does_not_fit_is_refused() -> None:
    practice = starter_practice()
    practice.change_plan(Plan.GROUP, OWNER, NOW, active_clients=0)
    practice.assign_seat("provider-1", Role.PROVIDER, OWNER, NOW)

    with pytest.raises(PlanLimitReached) as refused:
        practice.change_plan(Plan.PROFESSIONAL, OWNER, NOW, active_clients=0)

    assert refused.value.extra["limit"] == "clinician_seats"


def test_supervision_is_only_on_professional_and_group() -> None:
    practice = starter_practice()
    with pytest.raises(PlanLimitReached, match="supervision"):
        practice.must_allow_supervision()
    practice.change_plan(Plan.PROFESSIONAL, OWNER, NOW, active_clients=0)
    practice.must_allow_supervision()
    with pytest.raises(PlanLimitReached):
        practice.must_allow_case_supervisors()
    practice.change_plan(Plan.GROUP, OWNER, NOW, active_clients=0)
    practice.must_allow_case_supervisors()


@pytest.mark.parametrize(
    ("role", "limit"),
    [(Role.ASSOCIATE, "associate_seats"), (Role.PROVIDER, "clinician_seats"),
     (Role.BILLING, "admin_seats")],
)  # fmt: skip
def test_starter_has_no_second_clinician_associate_or_admin_seat(
    runtime: Runtime, client: TestClient, role: Role, limit: str
) -> None:
    tenant = open_tenant(runtime, plan=Plan.STARTER)

    refused = client.post(
        "/staff",
        json={"email": "a@b.example", "given_name": "A", "family_name": "B", "role": role},
        headers=tenant.headers,
    )

    refusal(refused, 403, "plan-limit")
    assert refused.json()["type"].endswith("/plan-limit")
    assert refused.json()["limit"] == limit
    assert refused.json()["plan"] == "starter"


def test_archive_refuses_writes_but_reads_and_exports_work_and_resume_restores_the_plan(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime, plan=Plan.PROFESSIONAL)
    authenticator, headers, _ = joined(client, runtime, invite_owner(runtime, tenant))
    archived = client.post("/practice/change-plan", json={"plan": "archive"}, headers=headers)
    assert archived.status_code == 200, archived.text
    caught_up(runtime)

    for path, body in [
        ("/practice/rename", {"name": "New name"}),
        ("/locations", {"name": "Office", "session_format": "video"}),
        ("/staff", {"email": "x@y.example", "given_name": "X", "family_name": "Y",
                    "role": "coordinator"}),
    ]:  # fmt: skip
        refused = client.post(path, json=body, headers=headers)
        refusal(refused, 403, "plan-limit")
        assert refused.json()["limit"] == "archive_read_only"
        assert "Archive" in refused.json()["detail"]

    assert client.get("/practice", headers=headers).json()["plan"] == "archive"
    reauthenticate(client, authenticator, headers)
    export = client.get("/practice/export", headers=headers)
    assert export.status_code == 200, export.text
    assert export.json()["practice"]["slug"] == "harbor-therapy"
    assert client.get("/access-log/export", headers=headers).status_code == 200

    resumed = client.post("/practice/change-plan", json={"plan": "professional"}, headers=headers)
    assert resumed.status_code == 200, resumed.text
    caught_up(runtime)
    assert client.get("/practice", headers=headers).json()["plan"] == "professional"
    assert (
        client.post("/practice/rename", json={"name": "Back"}, headers=headers).status_code == 200
    )


def test_exports_need_a_recent_passkey_confirmation(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    refusal(
        client.get("/practice/export", headers=tenant.headers), 403, "reauthentication-required"
    )  # API token


# -- acting as a provider ---------------------------------------------------------------------


def test_owner_acting_as_a_provider_records_both_identities(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    _, headers, _ = joined(client, runtime, invite_owner(runtime, tenant))

    started = client.post("/auth/act-as", json={"provider_id": provider_id}, headers=headers)
    assert started.status_code == 200, started.text
    assert started.headers["X-Acting-For"] == provider_id

    renamed = client.post("/practice/rename", json={"name": "Harbor Care"}, headers=headers)
    assert renamed.status_code == 200
    assert renamed.json()["acting_for"] == provider_id
    assert renamed.headers["X-Acting-For"] == provider_id
    assert client.get("/practice", headers=headers).headers["X-Acting-For"] == provider_id

    caught_up(runtime)
    history = client.get(f"/history/{tenant.practice_id}", headers=headers).json()
    last = history["events"][-1]
    assert last["event"] == "Renamed"
    assert (last["actor_id"], last["on_behalf_of"]) == (tenant.owner_id, provider_id)

    stopped = client.post("/auth/act-as/stop", headers=headers)
    assert stopped.json()["acting_for"] is None
    after = client.post("/practice/rename", json={"name": "Harbor"}, headers=headers)
    assert after.json()["acting_for"] is None and "X-Acting-For" not in after.headers


def test_an_admin_acts_only_for_providers_the_owner_granted(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    other_id = invite(runtime, tenant, Role.PROVIDER, "other@harbor.example")
    coordinator_id = invite(runtime, tenant, Role.COORDINATOR)
    _, headers, _ = joined(client, runtime, coordinator_id)
    act = {"provider_id": provider_id}

    refused = client.post("/auth/act-as", json=act, headers=headers)
    refusal(refused, 422, "rule-violation")
    assert refused.json()["reason"] == "no-delegation"

    grant = {"admin_id": coordinator_id, "provider_id": provider_id}
    assert client.post("/delegations/grant", json=grant, headers=tenant.headers).status_code == 200
    assert client.post("/auth/act-as", json=act, headers=headers).status_code == 200
    other = client.post("/auth/act-as", json={"provider_id": other_id}, headers=headers)
    refusal(other, 422, "rule-violation")
    coordinator = client.post("/auth/act-as", json={"provider_id": coordinator_id}, headers=headers)
    refusal(coordinator, 422, "rule-violation")
    caught_up(runtime)
    assert client.get("/delegations", headers=tenant.headers).json() == [grant]


def test_admins_never_appear_in_provider_lists(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    for role in (Role.COORDINATOR, Role.SCHEDULER, Role.BILLING):
        invite(runtime, tenant, role)

    providers = client.get("/providers", headers=tenant.headers).json()["items"]

    assert [p["staff_id"] for p in providers] == [provider_id]


def test_revoking_a_delegation_stops_the_admin_acting_for_that_provider(
    runtime: Runtime, client: TestClient
) -> None:
    # Given a coordinator the owner authorised, acting for a provider on two devices
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    coordinator_id = invite(runtime, tenant, Role.COORDINATOR)
    authenticator, laptop, _ = joined(client, runtime, coordinator_id)
    phone = bearer(sign_in(client, authenticator).json()["token"])
    grant = {"admin_id": coordinator_id, "provider_id": provider_id}
    assert client.post("/delegations/grant", json=grant, headers=tenant.headers).status_code == 200
    act = {"provider_id": provider_id}
    for headers in (laptop, phone):
        assert client.post("/auth/act-as", json=act, headers=headers).status_code == 200
    assert client.get("/auth/me", headers=laptop).json()["acting_for"] == provider_id

    # When the owner revokes the grant
    revoked = client.post("/delegations/revoke", json=grant, headers=tenant.headers)
    assert revoked.status_code == 200, revoked.text

    # Then the next write in the provider's name is refused, and nothing is written
    refused = client.post("/practice/rename", json={"name": "Taken over"}, headers=laptop)
    refusal(refused, 403, "delegation-revoked")
    assert refused.json()["type"].endswith("/delegation-revoked")
    assert "X-Acting-For" not in refused.headers
    caught_up(runtime)
    assert client.get("/practice", headers=tenant.headers).json()["name"] != "Taken over"
    # ...the session no longer acts, and the stop is on the record
    me = client.get("/auth/me", headers=laptop)
    assert me.json()["acting_for"] is None and "X-Acting-For" not in me.headers
    stops = [
        e
        for e in runtime.stores.practice.events.get(staff_account_id(coordinator_id))
        if type(e).__name__ == "ActingStopped"
    ]
    assert [(s.provider_id, s.actor_id) for s in stops] == [(provider_id, coordinator_id)]
    # ...so a write now is the coordinator's own
    own = client.post("/practice/rename", json={"name": "Harbor"}, headers=laptop)
    assert own.status_code == 200 and own.json()["acting_for"] is None
    # The other device's next read goes on as the coordinator themselves
    read = client.get("/auth/me", headers=phone)
    assert read.status_code == 200, read.text
    assert read.json()["acting_for"] is None and "X-Acting-For" not in read.headers
    assert client.get("/auth/sessions", headers=phone).json()[0]["acting_for"] is None
    # And acting for the provider cannot start again
    again = client.post("/auth/act-as", json=act, headers=laptop)
    refusal(again, 422, "rule-violation")
    assert again.json()["reason"] == "no-delegation"
    # Until the owner grants it anew
    assert client.post("/delegations/grant", json=grant, headers=tenant.headers).status_code == 200
    assert client.post("/auth/act-as", json=act, headers=laptop).status_code == 200


def test_acting_ends_when_the_provider_is_deactivated(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    _, headers, _ = joined(client, runtime, invite_owner(runtime, tenant))
    assert (
        client.post("/auth/act-as", json={"provider_id": provider_id}, headers=headers).status_code
        == 200
    )

    assert (
        client.post(f"/staff/{provider_id}/deactivate", headers=tenant.headers).status_code == 200
    )

    refused = client.post("/practice/rename", json={"name": "Gone"}, headers=headers)
    refusal(refused, 403, "delegation-revoked")
    assert client.get("/auth/me", headers=headers).json()["acting_for"] is None
