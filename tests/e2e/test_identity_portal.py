"""Client portal sign-in by one-time email link, and portal sessions."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.signing import sign_bound_link
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.accounts import PortalAccount, portal_account_id
from practicerunner.processes.identity.sign_in_links import (
    PORTAL_SIGN_IN_LINK,
    SEND_PORTAL_SIGN_IN_LINK,
)
from practicerunner.processes.outbox import Job
from tests.e2e.test_strict_input import Unchanged
from tests.support.passkeys import ORIGIN, bearer, caught_up, sign_in
from tests.support.problems import refusal
from tests.support.soft_authenticator import SoftAuthenticator
from tests.support.tenants import Tenant, open_tenant

EMAIL = "client@example.org"


def portal_person(runtime: Runtime, client: TestClient, tenant: Tenant) -> str:
    registered = client.post(
        "/people", json={"given_name": "Casey", "family_name": "Client"}, headers=tenant.headers
    )
    assert registered.status_code == 201, registered.text
    person_id = str(registered.json()["id"])
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
    refusal(client.get("/practice", headers=headers), 403, "forbidden")  # staff area
    again = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    refusal(again, 401, "sign-in-refused")


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

    refusal(client.post("/portal/sign-in/link", json={"token": moved}), 401, "sign-in-refused")
    clock.advance(timedelta(minutes=15))
    refusal(client.post("/portal/sign-in/link", json={"token": token}), 401, "sign-in-refused")


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
    refusal(client.get("/portal/me", headers=headers), 401, "unauthenticated")


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

    refusal(client.get("/portal/me", headers=headers), 401, "unauthenticated")


# -- portal passkeys --------------------------------------------------------------------------


def link_sign_in(runtime: Runtime, client: TestClient, tenant: Tenant, person_id: str) -> dict:
    assert request_link(client) == 202
    token = emailed_link(runtime, tenant, person_id)
    answer = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    assert answer.status_code == 200, answer.text
    return bearer(answer.json()["token"])


def add_portal_passkey(
    client: TestClient, headers: dict, authenticator: SoftAuthenticator
) -> tuple[int, int]:
    """Both steps of adding a passkey: the status of begin, then of complete."""
    begin = client.post("/portal/passkeys/begin", headers=headers)
    if begin.status_code != 200:
        return begin.status_code, 0
    done = client.post(
        "/portal/passkeys/complete",
        json={
            "challenge_id": begin.json()["challenge_id"],
            "credential": authenticator.create(begin.json()["options"], ORIGIN),
            "passkey_name": "My phone",
        },
        headers=headers,
    )
    return begin.status_code, done.status_code


def test_a_client_adds_a_passkey_after_a_link_sign_in_and_later_signs_in_with_it(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    # Given a client signed in by an emailed link
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    headers = link_sign_in(runtime, client, tenant, person_id)

    # When they add a passkey right away
    key = SoftAuthenticator()
    assert add_portal_passkey(client, headers, key) == (200, 200)

    # Then, another day, the passkey signs them in to the portal, without any email
    assert client.post("/portal/sign-out", headers=headers).status_code == 204
    clock.advance(timedelta(days=1))
    signed_in = sign_in(client, key, realm="portal")
    assert signed_in.status_code == 200, signed_in.text
    portal = bearer(signed_in.json()["token"])
    assert client.get("/portal/me", headers=portal).json()["person_id"] == person_id
    account = runtime.stores.practice.repository.get(
        portal_account_id(str(tenant.practice_id), person_id)
    )
    assert [p["name"] for p in account.passkey_list()] == ["My phone"]
    # ...but neither the passkey nor the portal session opens the staff area
    refusal(sign_in(client, key), 401, "sign-in-refused")
    refusal(client.get("/practice", headers=portal), 403, "forbidden")
    refusal(client.get("/auth/me", headers=portal), 403, "forbidden")
    refusal(client.get("/people", headers=portal), 403, "forbidden")


def test_adding_a_portal_passkey_needs_a_sign_in_from_the_last_10_minutes(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    headers = link_sign_in(runtime, client, tenant, person_id)
    key = SoftAuthenticator()

    # Eleven minutes later (the session is still live: 15 idle minutes)
    clock.advance(timedelta(minutes=11))
    assert client.get("/portal/me", headers=headers).status_code == 200
    begin = client.post("/portal/passkeys/begin", headers=headers)
    refusal(begin, 403, "reauthentication-required")
    assert begin.json()["type"].endswith("/reauthentication-required")

    # A ceremony begun in time cannot be completed once the sign-in is too old
    fresh = link_sign_in(runtime, client, tenant, person_id)
    begun = client.post("/portal/passkeys/begin", headers=fresh)
    assert begun.status_code == 200
    clock.advance(timedelta(minutes=11))
    late = client.post(
        "/portal/passkeys/complete",
        json={
            "challenge_id": begun.json()["challenge_id"],
            "credential": key.create(begun.json()["options"], ORIGIN),
        },
        headers=fresh,
    )
    refusal(late, 403, "reauthentication-required")
    refusal(sign_in(client, key, realm="portal"), 401, "sign-in-refused")

    # A new link sign-in allows it again
    assert add_portal_passkey(client, link_sign_in(runtime, client, tenant, person_id), key) == (
        200,
        200,
    )
    assert sign_in(client, key, realm="portal").status_code == 200


def test_a_portal_passkey_stops_working_when_portal_access_is_closed(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    key = SoftAuthenticator()
    assert add_portal_passkey(client, link_sign_in(runtime, client, tenant, person_id), key) == (
        200,
        200,
    )

    closed = client.post(
        "/portal-accounts/close", json={"person_id": person_id}, headers=tenant.headers
    )
    assert closed.status_code == 200, closed.text
    caught_up(runtime)

    refusal(sign_in(client, key, realm="portal"), 401, "sign-in-refused")


# -- a practice that switches its portal off (portal.enabled) ---------------------------------


def portal_switched(client: TestClient, tenant: Tenant, enabled: bool) -> None:
    changed = client.post(
        "/practice/change-settings",
        json={"group": "portal", "values": {"enabled": enabled}},
        headers=tenant.headers,
    )
    assert changed.status_code == 200, changed.text


def test_a_portal_switched_off_refuses_sign_in_and_sessions_until_switched_on(
    runtime: Runtime, client: TestClient
) -> None:
    # Given a client with a portal session and a passkey, and a link asked for but not used
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    headers = link_sign_in(runtime, client, tenant, person_id)
    key = SoftAuthenticator()
    assert add_portal_passkey(client, headers, key) == (200, 200)
    assert request_link(client) == 202
    token = emailed_link(runtime, tenant, person_id)

    # When the practice switches its portal off
    portal_switched(client, tenant, False)

    # Then every way in is refused alike, whether or not the address is known, and nothing
    # is written (no link issued, no sign-in recorded, no link used up)
    with Unchanged(runtime):
        known = client.post(
            "/portal/sign-in/request", json={"practice": "harbor-therapy", "email": EMAIL}
        )
        unknown = client.post(
            "/portal/sign-in/request",
            json={"practice": "harbor-therapy", "email": "stranger@example.org"},
        )
        refusal(known, 403, "portal-off")
        assert refusal(unknown, 403, "portal-off") == known.json()
        link = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
        refusal(link, 403, "portal-off")
        refusal(sign_in(client, key, realm="portal"), 403, "portal-off")
        refusal(client.get("/portal/me", headers=headers), 403, "portal-off")
        refusal(client.get("/portal/appointments", headers=headers), 403, "portal-off")
    assert not [job for job in runtime.outbox.pending() if job.actor == SEND_PORTAL_SIGN_IN_LINK]
    # ...while staff work as before
    assert client.get("/people", headers=tenant.headers).status_code == 200

    # When it is switched on again, the session, the link and the passkey work again
    portal_switched(client, tenant, True)
    assert client.get("/portal/me", headers=headers).json()["person_id"] == person_id
    again = client.post("/portal/sign-in/link", json={"token": token, "session_type": "api"})
    assert again.status_code == 200, again.text
    assert sign_in(client, key, realm="portal").status_code == 200
    assert request_link(client) == 202


def test_a_client_may_still_sign_out_while_the_portal_is_off(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    person_id = portal_person(runtime, client, tenant)
    headers = link_sign_in(runtime, client, tenant, person_id)
    portal_switched(client, tenant, False)
    refusal(client.get("/portal/me", headers=headers), 403, "portal-off")
    # Ending one's own session is the one thing still allowed, and it ends it for good.
    assert client.post("/portal/sign-out", headers=headers).status_code == 204
    portal_switched(client, tenant, True)
    refusal(client.get("/portal/me", headers=headers), 401, "unauthenticated")


def test_a_link_asked_for_before_the_portal_went_off_is_not_emailed(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    with TestClient(create_app(runtime, background=False)) as client:
        registered = client.post(
            "/people", json={"given_name": "Casey", "family_name": "Client"}, headers=tenant.headers
        )
        person_id = str(registered.json()["id"])
        opened = client.post(
            "/portal-accounts",
            json={"person_id": person_id, "email": EMAIL},
            headers=tenant.headers,
        )
        assert opened.status_code == 201, opened.text
        runtime.run_until_idle()
        assert request_link(client) == 202
        portal_switched(client, tenant, False)  # before the email job has run
        runtime.run_until_idle()
    account = runtime.stores.practice.repository.get(
        portal_account_id(str(tenant.practice_id), person_id)
    )
    (link_id,) = account.open_links
    job = runtime.outbox.get(Job(actor=SEND_PORTAL_SIGN_IN_LINK, key=link_id).job_id)
    assert job is not None and job.outcome == "portal-off"
