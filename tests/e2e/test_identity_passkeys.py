"""Passkey registration and sign-in end to end: the software authenticator against the real
API and py_webauthn's real verification. No mocks."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.accounts import staff_account_id
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import (
    bearer,
    caught_up,
    invitation_token,
    invite,
    join,
    joined,
    sign_in,
)
from tests.support.problems import refusal
from tests.support.soft_authenticator import SoftAuthenticator
from tests.support.tenants import open_tenant

EVIL_ORIGIN = "https://harbor-therapy.example.evil"


def test_an_invited_person_joins_with_a_passkey_and_signs_in_again(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)

    authenticator, answer = join(client, runtime, staff_id)

    assert answer["status_code"] == 200, answer
    assert len(answer["recovery_codes"]) == 10
    assert len(set(answer["recovery_codes"])) == 10
    me = client.get("/auth/me", headers=bearer(answer["token"]))
    assert me.status_code == 200, me.text
    assert me.json()["staff_id"] == staff_id and me.json()["role"] == "provider"

    again = sign_in(client, authenticator)
    assert again.status_code == 200, again.text
    assert "recovery_codes" not in again.json() or again.json()["recovery_codes"] is None
    assert client.get("/auth/me", headers=bearer(again.json()["token"])).status_code == 200
    caught_up(runtime)
    staff = client.get(f"/staff/{staff_id}", headers=tenant.headers).json()
    assert staff["status"] == "active"


def test_an_invitation_link_works_once(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    token = invitation_token(runtime, staff_id)
    _, first = join(client, runtime, staff_id)
    assert first["status_code"] == 200

    again = client.post("/auth/join/begin", json={"token": token})

    refusal(again, 401, "sign-in-refused")
    assert again.json()["type"].endswith("/sign-in-refused")


def test_an_expired_invitation_is_refused(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    token = invitation_token(runtime, staff_id)
    clock.advance(timedelta(days=7, seconds=1))

    begin = client.post("/auth/join/begin", json={"token": token})

    refusal(begin, 401, "sign-in-refused")
    assert "expired" in begin.json()["detail"]


def test_an_invitation_that_expires_during_the_ceremony_is_refused(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    token = invitation_token(runtime, staff_id)
    clock.advance(timedelta(days=7) - timedelta(minutes=1))
    begin = client.post("/auth/join/begin", json={"token": token})
    assert begin.status_code == 200
    credential = SoftAuthenticator().create(begin.json()["options"], "http://127.0.0.1:8000")
    clock.advance(timedelta(minutes=2))

    done = client.post(
        "/auth/join/complete",
        json={
            "token": token,
            "challenge_id": begin.json()["challenge_id"],
            "credential": credential,
        },
    )

    refusal(done, 401, "sign-in-refused")
    refusal(client.post("/auth/join/begin", json={"token": token}), 401, "sign-in-refused")


def test_a_forged_invitation_token_is_refused(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    token = invitation_token(runtime, staff_id)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    refusal(client.post("/auth/join/begin", json={"token": forged}), 401, "sign-in-refused")


def test_registration_from_a_foreign_origin_is_refused(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)

    _, answer = join(client, runtime, staff_id, origin=EVIL_ORIGIN)

    assert answer["status_code"] == 401
    caught_up(runtime)
    assert client.get(f"/staff/{staff_id}", headers=tenant.headers).json()["status"] == "invited"


def test_sign_in_from_a_foreign_origin_is_refused(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))

    phished = sign_in(client, authenticator, origin=EVIL_ORIGIN)

    refusal(phished, 401, "sign-in-refused")
    assert "token" not in phished.json()


def test_a_passkey_for_another_relying_party_is_refused(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    begin = client.post("/auth/sign-in/begin").json()
    credential = authenticator.get(begin["options"], "http://127.0.0.1:8000", rp_id="evil.example")

    done = client.post(
        "/auth/sign-in/complete",
        json={"challenge_id": begin["challenge_id"], "credential": credential},
    )

    refusal(done, 401, "sign-in-refused")


def test_a_replayed_sign_in_response_is_refused(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    begin = client.post("/auth/sign-in/begin").json()
    body = {
        "challenge_id": begin["challenge_id"],
        "credential": authenticator.get(begin["options"], "http://127.0.0.1:8000"),
        "session_type": "api",
    }
    assert client.post("/auth/sign-in/complete", json=body).status_code == 200

    replayed = client.post("/auth/sign-in/complete", json=body)
    # The same response against a fresh challenge does not verify either.
    fresh = client.post("/auth/sign-in/begin").json()
    replayed_elsewhere = client.post(
        "/auth/sign-in/complete",
        json={**body, "challenge_id": fresh["challenge_id"]},
    )

    refusal(replayed, 401, "sign-in-refused")
    refusal(replayed_elsewhere, 401, "sign-in-refused")


def test_a_cloned_passkey_is_refused_and_suspended(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    authenticator, _, _ = joined(client, runtime, staff_id)
    clone = authenticator.clone()
    assert sign_in(client, authenticator).status_code == 200  # counter 1

    cloned = sign_in(client, clone)  # the clone also says 1: the counter did not move on

    refusal(cloned, 401, "sign-in-refused")
    # The credential is now suspended: even the original no longer signs in with it.
    refusal(sign_in(client, authenticator), 401, "sign-in-refused")
    events = runtime.stores.practice.events.get(staff_account_id(staff_id))
    suspended = [e for e in events if type(e).__name__ == "PasskeySuspended"]
    assert len(suspended) == 1
    assert (suspended[0].reported_count, suspended[0].known_count) == (1, 1)


def test_a_counter_rolled_back_on_the_same_authenticator_is_refused(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    for _ in range(3):
        assert sign_in(client, authenticator).status_code == 200
    (credential_id,) = authenticator.credentials
    authenticator.set_sign_count(credential_id, 1)

    refusal(sign_in(client, authenticator), 401, "sign-in-refused")


def test_a_staff_passkey_does_not_open_the_portal(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))

    refusal(sign_in(client, authenticator, realm="portal"), 401, "sign-in-refused")


def test_an_unknown_passkey_is_refused_like_any_other_failure(
    runtime: Runtime, client: TestClient
) -> None:
    open_tenant(runtime)
    stranger = SoftAuthenticator()
    stranger.create(
        {
            "rp": {"id": "localhost", "name": "x"},
            "user": {"id": "AAAA", "name": "x", "displayName": "x"},
            "challenge": "AAAA",
            "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
        },
        "http://127.0.0.1:8000",
    )

    refused = sign_in(client, stranger)

    refusal(refused, 401, "sign-in-refused")
    assert refused.json()["detail"].startswith("Sign-in failed.")
