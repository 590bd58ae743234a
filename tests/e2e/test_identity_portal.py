"""Client portal sign-in by one-time email link, and portal sessions."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.bootstrap import Runtime
from practicerunner.clock import ControlledClock
from practicerunner.domain.identity import PortalAccount, portal_account_id
from practicerunner.processes.sign_in_links import PORTAL_SIGN_IN_LINK
from practicerunner.signing import sign_bound_link
from tests.support.passkeys import bearer, caught_up
from tests.support.tenants import Tenant, open_tenant

EMAIL = "client@example.org"


def portal_person(runtime: Runtime, client: TestClient, tenant: Tenant) -> str:
    person_id = str(uuid.uuid4())
    opened = client.post(
        "/portal-accounts", json={"person_id": person_id, "email": EMAIL}, headers=tenant.headers
    )
    assert opened.status_code == 201, opened.text
    caught_up(runtime)
    return person_id


def emailed_link(runtime: Runtime, tenant: Tenant, person_id: str) -> str:
    account_id = portal_account_id(str(tenant.practice_id), person_id)
    account = runtime.stores.practice.repository.get(account_id)
    assert isinstance(account, PortalAccount)
    (link_id,) = account.open_links
    key = runtime.settings.resolved_secret_key()
    return sign_bound_link(key, PORTAL_SIGN_IN_LINK, account_id, uuid.UUID(link_id))


def request_link(client: TestClient, email: str = EMAIL) -> int:
    r = client.post("/portal/sign-in/request", json={"practice": "harbor-therapy", "email": email})
    return r.status_code


def test_a_client_signs_in_once_with_an_emailed_link(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    assert request_link(client) == 202
    token = emailed_link(runtime, tenant, person_id)

    signed_in = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})

    assert signed_in.status_code == 200, signed_in.text
    headers = bearer(signed_in.json()["token"])
    me = client.get("/portal/me", headers=headers).json()
    assert me["person_id"] == person_id
    assert client.get("/practice", headers=headers).status_code == 403  # staff area
    again = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    assert again.status_code == 401


def test_an_unknown_address_gets_the_same_answer_and_no_link(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    portal_person(runtime, client, tenant)
    assert request_link(client, "stranger@example.org") == 202


def test_a_link_expires_after_15_minutes_and_is_bound_to_its_account(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    request_link(client)
    token = emailed_link(runtime, tenant, person_id)
    other = portal_account_id(str(tenant.practice_id), str(uuid.uuid4()))
    moved = other.hex + token[32:]  # the same link id and MAC, pointed at another account

    assert client.post("/portal/sign-in/link", json={"token": moved}).status_code == 401
    clock.advance(timedelta(minutes=15))
    assert client.post("/portal/sign-in/link", json={"token": token}).status_code == 401


def test_a_portal_session_ends_after_15_idle_minutes(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    request_link(client)
    token = emailed_link(runtime, tenant, person_id)
    answer = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    headers = bearer(answer.json()["token"])
    assert answer.json()["idle_timeout_seconds"] == 900

    clock.advance(timedelta(minutes=14))
    assert client.get("/portal/me", headers=headers).status_code == 200
    clock.advance(timedelta(minutes=15))
    assert client.get("/portal/me", headers=headers).status_code == 401


def test_closing_portal_access_ends_the_persons_sessions(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    request_link(client)
    token = emailed_link(runtime, tenant, person_id)
    answer = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    headers = bearer(answer.json()["token"])

    closed = client.post(
        "/portal-accounts/close", json={"person_id": person_id}, headers=tenant.headers
    )
    assert closed.status_code == 200, closed.text
    caught_up(runtime)

    assert client.get("/portal/me", headers=headers).status_code == 401
