"""The owner's reset of a lost authenticator, end to end: the reset through the API, the
emailed one-time link through real SMTP, the new passkey registered with the software
authenticator (verified by py_webauthn), and the link's single use and expiry."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.signing import sign_bound_link
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.accounts import StaffAccount, staff_account_id
from practicerunner.domain.practice.roles import Role
from practicerunner.processes.identity.sign_in_links import ACCESS_RESET_LINK
from tests.support.passkeys import (
    ORIGIN,
    bearer,
    caught_up,
    invite,
    invite_owner,
    joined,
    reauthenticate,
    sign_in,
)
from tests.support.problems import refusal
from tests.support.smtp_server import LocalSmtpServer, ReceivedMessage
from tests.support.soft_authenticator import SoftAuthenticator
from tests.support.tenants import Tenant, open_tenant

EMAIL = "pat.lost@harbor.example"
RESET_SUBJECT = "Set up a new passkey"


def reset_emails(runtime: Runtime, smtp: LocalSmtpServer) -> list[Any]:
    """The reset emails sent, once every piece of work is done (the ``client`` fixture's
    background dispatcher and worker send them)."""
    runtime.settle()
    return [m for m in smtp.messages if m.message["Subject"].startswith(RESET_SUBJECT)]


def bodies(message: ReceivedMessage) -> tuple[str, str]:
    text = message.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return text, html


def reset_link_token(runtime: Runtime, staff_id: str) -> str:
    """The token of the current reset link, as the email carries it."""
    account = runtime.stores.practice.repository.get(staff_account_id(staff_id))
    assert isinstance(account, StaffAccount) and account.reset_id
    key = runtime.settings.resolved_secret_key()
    return sign_bound_link(key, ACCESS_RESET_LINK, account.id, uuid.UUID(account.reset_id))


def register_through_link(
    client: TestClient, token: str, authenticator: SoftAuthenticator
) -> tuple[int, dict[str, Any]]:
    begin = client.post("/auth/reset/begin", json={"token": token})
    if begin.status_code != 200:
        return begin.status_code, begin.json()
    done = client.post(
        "/auth/reset/complete",
        json={
            "token": token,
            "challenge_id": begin.json()["challenge_id"],
            "credential": authenticator.create(begin.json()["options"], ORIGIN),
            "passkey_name": "New phone",
            "session_type": "api",
        },
    )
    return done.status_code, done.json()


def recovery(client: TestClient, code: str) -> int:
    return client.post(
        "/auth/sign-in/recovery-code",
        json={"practice": "harbor-therapy", "email": EMAIL, "code": code, "session_type": "api"},
    ).status_code


def owner_and_staff(
    runtime: Runtime, client: TestClient
) -> tuple[Tenant, dict[str, str], str, SoftAuthenticator, dict[str, str], list[str]]:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER, EMAIL)
    lost, staff_headers, answer = joined(client, runtime, staff_id)
    _, owner_headers, _ = joined(client, runtime, invite_owner(runtime, tenant))
    return tenant, owner_headers, staff_id, lost, staff_headers, answer["recovery_codes"]


def test_an_owner_resets_a_lost_authenticator_and_the_person_registers_a_new_passkey(
    runtime: Runtime, client: TestClient, smtp: LocalSmtpServer
) -> None:
    # Given a provider signed in on two devices, and the owner freshly signed in
    tenant, owner, staff_id, lost, laptop, codes = owner_and_staff(runtime, client)
    phone = bearer(sign_in(client, lost).json()["token"])
    assert client.get("/auth/me", headers=phone).status_code == 200

    # When the owner resets the provider's access
    reset = client.post(f"/staff/{staff_id}/reset-access", headers=owner)
    assert reset.status_code == 200, reset.text
    caught_up(runtime)

    # Then the old passkey, the recovery codes and both sessions stop working
    refusal(client.get("/auth/me", headers=laptop), 401, "unauthenticated")
    refusal(client.get("/auth/me", headers=phone), 401, "unauthenticated")
    refusal(sign_in(client, lost), 401, "sign-in-refused")
    assert recovery(client, codes[0]) == 401
    assert runtime.sessions.live_sessions("staff", staff_id, runtime.clock.now()) == []

    # And one email goes to the provider alone, with a one-time link and no personal data
    (message,) = reset_emails(runtime, smtp)
    assert message.rcpt_tos == (EMAIL,)
    assert message.message["To"] == EMAIL and message.message["Cc"] is None
    text, html = bodies(message)
    assert "Harbor Therapy" in text
    for private in (EMAIL, "Member", tenant.owner_id, staff_id, "Olive", "owner@harbor"):
        assert private not in text and private not in html, private
    token = re.search(r"/reset/([A-Za-z0-9_.-]+)", text).group(1)  # type: ignore[union-attr]
    assert token == reset_link_token(runtime, staff_id)
    assert f"/reset/{token}" in html

    # When the provider registers a new passkey through the link
    new_key = SoftAuthenticator()
    status, answer = register_through_link(client, token, new_key)

    # Then they are signed in, with ten new recovery codes, and sign in with the new passkey
    assert status == 200, answer
    assert len(set(answer["recovery_codes"])) == 10
    me = client.get("/auth/me", headers=bearer(answer["token"]))
    assert me.status_code == 200 and me.json()["staff_id"] == staff_id
    again = sign_in(client, new_key)
    assert again.status_code == 200, again.text
    assert client.get("/auth/me", headers=bearer(again.json()["token"])).status_code == 200
    passkeys = client.get("/auth/passkeys", headers=bearer(again.json()["token"])).json()
    assert [p["name"] for p in passkeys] == ["New phone"]
    # ...while the lost authenticator and the old codes stay dead
    refusal(sign_in(client, lost), 401, "sign-in-refused")
    assert recovery(client, codes[1]) == 401
    assert recovery(client, answer["recovery_codes"][0]) == 200

    # And the link cannot be used a second time
    assert register_through_link(client, token, SoftAuthenticator())[0] == 401
    assert len(reset_emails(runtime, smtp)) == 1  # all work done: still the one email


def test_a_reset_link_expires_after_24_hours(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    _, owner, staff_id, _, _, _ = owner_and_staff(runtime, client)
    assert client.post(f"/staff/{staff_id}/reset-access", headers=owner).status_code == 200
    token = reset_link_token(runtime, staff_id)

    clock.advance(timedelta(hours=24))

    status, answer = register_through_link(client, token, SoftAuthenticator())
    assert status == 401
    assert "expired" in answer["detail"]


def test_a_reset_link_that_expires_during_the_ceremony_is_refused(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    _, owner, staff_id, _, _, _ = owner_and_staff(runtime, client)
    assert client.post(f"/staff/{staff_id}/reset-access", headers=owner).status_code == 200
    token = reset_link_token(runtime, staff_id)
    clock.advance(timedelta(hours=24) - timedelta(minutes=1))
    begin = client.post("/auth/reset/begin", json={"token": token})
    assert begin.status_code == 200, begin.text
    new_key = SoftAuthenticator()
    credential = new_key.create(begin.json()["options"], ORIGIN)
    clock.advance(timedelta(minutes=2))

    done = client.post(
        "/auth/reset/complete",
        json={
            "token": token,
            "challenge_id": begin.json()["challenge_id"],
            "credential": credential,
            "session_type": "api",
        },
    )

    refusal(done, 401, "sign-in-refused")
    refusal(sign_in(client, new_key), 401, "sign-in-refused")


def test_a_second_reset_replaces_the_first_link(runtime: Runtime, client: TestClient) -> None:
    _, owner, staff_id, _, _, _ = owner_and_staff(runtime, client)
    assert client.post(f"/staff/{staff_id}/reset-access", headers=owner).status_code == 200
    first = reset_link_token(runtime, staff_id)
    assert client.post(f"/staff/{staff_id}/reset-access", headers=owner).status_code == 200
    second = reset_link_token(runtime, staff_id)

    assert register_through_link(client, first, SoftAuthenticator())[0] == 401
    assert register_through_link(client, second, SoftAuthenticator())[0] == 200


def test_a_reset_needs_the_owners_recent_passkey_sign_in(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER, EMAIL)
    lost, _, _ = joined(client, runtime, staff_id)
    owner_key, owner, _ = joined(client, runtime, invite_owner(runtime, tenant))

    # The CLI's API token can never confirm it is the owner
    by_token = client.post(f"/staff/{staff_id}/reset-access", headers=tenant.headers)
    refusal(by_token, 403, "reauthentication-required")
    assert by_token.json()["type"].endswith("/reauthentication-required")
    # Nor can a session whose last passkey confirmation is more than 10 minutes old
    clock.advance(timedelta(minutes=11))
    stale = client.post(f"/staff/{staff_id}/reset-access", headers=owner)
    refusal(stale, 403, "reauthentication-required")
    assert stale.json()["type"].endswith("/reauthentication-required")
    assert sign_in(client, lost).status_code == 200  # nothing was reset
    # Confirmed again, the owner still cannot reset themselves
    reauthenticate(client, owner_key, owner)
    own = client.post(f"/staff/{tenant.owner_id}/reset-access", headers=owner)
    refusal(own, 422, "rule-violation")
    assert client.post(f"/staff/{staff_id}/reset-access", headers=owner).status_code == 200
