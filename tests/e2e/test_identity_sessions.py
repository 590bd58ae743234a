"""Sessions under a controlled clock: idle and absolute expiry, sign-out, sign-out everywhere,
deactivation, browser cookies and re-authentication; recovery codes and throttling."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import (
    ORIGIN,
    bearer,
    caught_up,
    invite,
    joined,
    reauthenticate,
    sign_in,
)
from tests.support.problems import refusal
from tests.support.soft_authenticator import SoftAuthenticator
from tests.support.tenants import open_tenant


def test_a_staff_session_ends_after_30_idle_minutes(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    _, headers, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))

    clock.advance(timedelta(minutes=29))
    assert client.get("/auth/me", headers=headers).status_code == 200  # restarts the idle clock
    clock.advance(timedelta(minutes=29))
    assert client.get("/auth/me", headers=headers).status_code == 200
    clock.advance(timedelta(minutes=30))
    expired = client.get("/auth/me", headers=headers)

    refusal(expired, 401, "unauthenticated")
    assert "sign in again" in expired.json()["detail"]
    clock.advance(timedelta(seconds=-60 * 31))  # even if the clock were turned back: ended
    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")


def test_the_idle_timeout_is_a_practice_setting(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    changed = client.post(
        "/practice/change-settings",
        json={"group": "security", "values": {"staff_idle_timeout_minutes": 10}},
        headers=tenant.headers,
    )
    assert changed.status_code == 200, changed.text
    _, headers, answer = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    assert answer["idle_timeout_seconds"] == 600

    clock.advance(timedelta(minutes=11))

    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")


def test_a_session_ends_after_12_hours_however_busy(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    _, headers, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))

    for _ in range(35):  # 11 h 40 min of activity every 20 minutes
        clock.advance(timedelta(minutes=20))
        assert client.get("/auth/me", headers=headers).status_code == 200
    clock.advance(timedelta(minutes=20))

    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")


def test_sign_out_ends_only_this_session(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, laptop, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    phone = bearer(sign_in(client, authenticator).json()["token"])

    assert client.post("/auth/sign-out", headers=laptop).status_code == 204

    refusal(client.get("/auth/me", headers=laptop), 401, "unauthenticated")
    assert client.get("/auth/me", headers=phone).status_code == 200


def test_sign_out_everywhere_ends_every_session(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, laptop, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    phone = bearer(sign_in(client, authenticator).json()["token"])
    assert len(client.get("/auth/sessions", headers=phone).json()) == 2

    assert client.post("/auth/sign-out-everywhere", headers=phone).status_code == 204

    refusal(client.get("/auth/me", headers=laptop), 401, "unauthenticated")
    refusal(client.get("/auth/me", headers=phone), 401, "unauthenticated")
    assert sign_in(client, authenticator).status_code == 200  # signing in again works


def test_deactivation_ends_the_persons_sessions(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.SCHEDULER)
    authenticator, headers, _ = joined(client, runtime, staff_id)
    assert client.get("/auth/me", headers=headers).status_code == 200

    done = client.post(f"/staff/{staff_id}/deactivate", headers=tenant.headers)
    assert done.status_code == 200, done.text
    caught_up(runtime)

    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")
    refusal(sign_in(client, authenticator), 401, "sign-in-refused")
    live = runtime.sessions.live_sessions("staff", staff_id, runtime.clock.now())
    assert live == []
    # Reactivated, they sign in again, but the old session stays ended.
    assert client.post(f"/staff/{staff_id}/reactivate", headers=tenant.headers).status_code == 200
    caught_up(runtime)
    assert sign_in(client, authenticator).status_code == 200
    refusal(client.get("/auth/me", headers=headers), 401, "unauthenticated")


def test_a_browser_gets_a_host_only_http_only_strict_cookie_and_no_token(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))

    signed_in = sign_in(client, authenticator, session_type="browser")

    assert signed_in.status_code == 200
    assert signed_in.json()["token"] is None
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith("__Host-pr_session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert "domain=" not in cookie.lower()


def test_cookie_sessions_refuse_cross_site_writes(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, _, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    token = sign_in(client, authenticator, session_type="browser").cookies["__Host-pr_session"]
    cookies = {"__Host-pr_session": token}
    browser = TestClient(client.app, base_url="https://testserver", cookies=cookies)

    assert browser.get("/auth/me").status_code == 200
    forged = browser.post("/auth/sign-out", headers={"Origin": "https://evil.example"})
    refusal(forged, 403, "forbidden")
    refusal(browser.post("/auth/sign-out"), 403, "forbidden")  # no Origin: refused too
    assert browser.get("/auth/me").status_code == 200
    assert browser.post("/auth/sign-out", headers={"Origin": ORIGIN}).status_code == 204
    refusal(browser.get("/auth/me"), 401, "unauthenticated")


def test_adding_a_passkey_needs_a_recent_sign_in(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    authenticator, headers, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    clock.advance(timedelta(minutes=11))
    assert client.get("/auth/me", headers=headers).status_code == 200

    stale = client.post("/auth/passkeys/begin", headers=headers)
    refusal(stale, 403, "reauthentication-required")
    assert stale.json()["type"].endswith("/reauthentication-required")

    reauthenticate(client, authenticator, headers)
    begin = client.post("/auth/passkeys/begin", headers=headers)
    assert begin.status_code == 200, begin.text
    key = type(authenticator)()
    done = client.post(
        "/auth/passkeys/complete",
        json={
            "challenge_id": begin.json()["challenge_id"],
            "credential": key.create(begin.json()["options"], ORIGIN),
            "passkey_name": "Security key",
        },
        headers=headers,
    )
    assert done.status_code == 200, done.text
    passkeys = client.get("/auth/passkeys", headers=headers).json()
    assert sorted(p["name"] for p in passkeys) == ["Security key", "Work laptop"]
    assert all("public_key" not in p for p in passkeys)
    assert sign_in(client, key).status_code == 200


def test_a_removed_passkey_no_longer_signs_in(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    authenticator, headers, _ = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER))
    (credential_id,) = [
        p["credential_id"] for p in client.get("/auth/passkeys", headers=headers).json()
    ]
    renamed = client.post(
        "/auth/passkeys/rename",
        json={"credential_id": credential_id, "name": "Old phone"},
        headers=headers,
    )
    assert renamed.status_code == 200

    removed = client.post(
        "/auth/passkeys/remove", json={"credential_id": credential_id}, headers=headers
    )

    assert removed.status_code == 200, removed.text
    refusal(sign_in(client, authenticator), 401, "sign-in-refused")


# -- recovery codes ---------------------------------------------------------------------------


def recovery(client: TestClient, code: str, email: str = "provider@x", **kw: str) -> object:
    return client.post(
        "/auth/sign-in/recovery-code",
        json={"practice": "harbor-therapy", "email": email, "code": code, "session_type": "api"},
        **kw,  # type: ignore[arg-type]
    )


def test_each_recovery_code_works_once(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    email = "pat@harbor.example"
    _, _, answer = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER, email))
    first, second = answer["recovery_codes"][:2]

    used = recovery(client, first, email)
    assert used.status_code == 200, used.text  # type: ignore[attr-defined]
    assert client.get("/auth/me", headers=bearer(used.json()["token"])).status_code == 200  # type: ignore[attr-defined]

    refusal(recovery(client, first, email), 401, "sign-in-refused")
    assert recovery(client, second.upper().replace("-", " "), email).status_code == 200  # type: ignore[attr-defined]


def test_regenerated_recovery_codes_replace_the_old_ones(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    email = "pat@harbor.example"
    _, headers, answer = joined(client, runtime, invite(runtime, tenant, Role.PROVIDER, email))

    fresh = client.post("/auth/recovery-codes/regenerate", headers=headers)

    assert fresh.status_code == 200
    assert fresh.headers["cache-control"] == "no-store"
    refusal(recovery(client, answer["recovery_codes"][0], email), 401, "sign-in-refused")
    assert recovery(client, fresh.json()["recovery_codes"][0], email).status_code == 200  # type: ignore[attr-defined]


def test_guessing_recovery_codes_is_throttled_without_locking_the_owner_out(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    email = "pat@harbor.example"
    authenticator, _, answer = joined(
        client, runtime, invite(runtime, tenant, Role.PROVIDER, email)
    )
    attacker = TestClient(client.app, client=("203.0.113.9", 4000))
    statuses = [recovery(attacker, "aaaa-bbbb-cccc", email).status_code for _ in range(7)]  # type: ignore[attr-defined]

    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
    # Even the right code from the attacker's address waits now...
    refusal(recovery(attacker, answer["recovery_codes"][0], email), 429, "too-many-attempts")
    # ...but the real person, elsewhere, signs in with a passkey or a code.
    assert sign_in(client, authenticator).status_code == 200
    assert recovery(client, answer["recovery_codes"][0], email).status_code == 200  # type: ignore[attr-defined]


def test_an_unknown_account_and_a_wrong_code_look_the_same(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    joined(client, runtime, invite(runtime, tenant, Role.PROVIDER, "pat@harbor.example"))

    wrong = recovery(client, "aaaa-bbbb-cccc", "pat@harbor.example")
    nobody = recovery(client, "aaaa-bbbb-cccc", "nobody@harbor.example")

    assert wrong.status_code == nobody.status_code == 401  # type: ignore[attr-defined]
    assert wrong.json() == nobody.json()  # type: ignore[attr-defined]


def failure_rows(runtime: Runtime) -> int:
    with runtime.db.read() as tx:
        row = tx.fetchone("SELECT COUNT(*) FROM auth_failures")
    return int(row[0]) if row else 0


def test_sign_in_failures_older_than_the_throttle_window_are_purged(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    # Given three failed recovery-code attempts (each counted under 3 throttle keys)
    open_tenant(runtime)
    guesser = TestClient(client.app, client=("203.0.113.7", 4000))
    for _ in range(3):
        refusal(
            recovery(guesser, "aaaa-bbbb-cccc", "nobody@harbor.example"), 401, "sign-in-refused"
        )
    assert failure_rows(runtime) == 9

    # When another failure comes 10 minutes later, the earlier ones still count
    clock.advance(timedelta(minutes=10))
    refusal(recovery(guesser, "aaaa-bbbb-cccc", "nobody@harbor.example"), 401, "sign-in-refused")
    assert failure_rows(runtime) == 12

    # Then once they are older than the 15-minute window, the next failure sweeps them away
    clock.advance(timedelta(minutes=6))
    refusal(recovery(guesser, "aaaa-bbbb-cccc", "nobody@harbor.example"), 401, "sign-in-refused")
    assert failure_rows(runtime) == 6
    # And a whole day of quiet followed by one failure leaves only that failure
    clock.advance(timedelta(days=1))
    refusal(sign_in(guesser, _stranger()), 401, "sign-in-refused")
    assert failure_rows(runtime) == 1


def test_purging_never_forgets_failures_inside_the_window(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    open_tenant(runtime)
    guesser = TestClient(client.app, client=("203.0.113.8", 4000))
    statuses = []
    for _ in range(6):  # one guess every 2 minutes: all inside one 15-minute window
        statuses.append(recovery(guesser, "aaaa-bbbb-cccc", "pat@harbor.example").status_code)  # type: ignore[attr-defined]
        clock.advance(timedelta(minutes=2))

    assert statuses == [401] * 5 + [429]


def _stranger() -> SoftAuthenticator:
    """An authenticator with one credential the server has never seen."""
    stranger = SoftAuthenticator()
    stranger.create(
        {
            "rp": {"id": "localhost", "name": "x"},
            "user": {"id": "AAAA", "name": "x", "displayName": "x"},
            "challenge": "AAAA",
            "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
        },
        ORIGIN,
    )
    return stranger


def test_throttle_records_name_no_account_or_address(runtime: Runtime, client: TestClient) -> None:
    open_tenant(runtime)
    guesser = TestClient(client.app, client=("203.0.113.8", 4000))
    refusal(
        recovery(guesser, "aaaa-bbbb-cccc", "pat.private@harbor.example"), 401, "sign-in-refused"
    )
    with runtime.db.read() as tx:
        keys = [row[0] for row in tx.fetchall("SELECT throttle_key FROM auth_failures")]
    assert keys, "the failure was counted"
    stored = " ".join(keys)
    assert "pat.private" not in stored and "203.0.113.8" not in stored and "harbor" not in stored
