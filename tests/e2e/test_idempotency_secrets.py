"""Idempotency keeps no secrets: a sign-in never replays a live session, stored answers are
sealed and expire after 24 hours, and the fingerprint covers If-Match."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.readstore import ReadStore
from practicerunner.api.app import create_app
from practicerunner.api.idempotency import IdempotencyMiddleware
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import bearer, invite, joined
from tests.support.problems import refusal
from tests.support.tenants import Tenant, open_tenant

PROBLEMS = "https://practicerunner.org/problems"
EMAIL = "rowan@harbor.example"
KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def sealed_settings(settings: Settings) -> Settings:
    return Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(settings.data_dir),
            "PRACTICERUNNER_DATABASE_URL": settings.database_url,
            "PRACTICERUNNER_SECRET_KEY": "test-secret",
            "PRACTICERUNNER_CIPHER_KEY": KEY,
        }
    )


@pytest.fixture
def sealed(sealed_settings: Settings, clock: ControlledClock) -> Iterator[Runtime]:
    rt = Runtime(sealed_settings, clock=clock)
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture
def api(sealed: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(sealed, background=True)) as test_client:
        yield test_client


def stored_answers(db: ReadStore) -> list[tuple[object, ...]]:
    with db.read() as tx:
        return tx.fetchall("SELECT scope, idem_key, answer FROM idempotent_answers")


def recovery(client: TestClient, code: str, key: str | None = None) -> object:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        "/auth/sign-in/recovery-code",
        json={"practice": "harbor-therapy", "email": EMAIL, "code": code, "session_type": "api"},
        headers=headers,
    )


def test_a_recovery_code_sign_in_replayed_with_its_key_returns_no_live_session(
    sealed: Runtime, api: TestClient
) -> None:
    # Given a provider with recovery codes
    tenant = open_tenant(sealed)
    staff_id = invite(sealed, tenant, Role.PROVIDER, EMAIL)
    _, _, answer = joined(api, sealed, staff_id)
    code = answer["recovery_codes"][0]

    # When a sign-in with a recovery code carries an Idempotency-Key
    keyed = recovery(api, code, key="sign-in-1")

    # Then it is refused before anything happens: no token, and the code is still unused
    refusal(keyed, 400, "idempotency-key-not-accepted")
    problem = keyed.json()  # type: ignore[attr-defined]
    assert problem["type"] == f"{PROBLEMS}/idempotency-key-not-accepted"
    assert "token" not in problem
    first = recovery(api, code)
    assert first.status_code == 200  # type: ignore[attr-defined]
    token = first.json()["token"]  # type: ignore[attr-defined]

    # And replaying the used code with the same key hands out no session at all
    again = recovery(api, code, key="sign-in-1")
    refusal(again, 400, "idempotency-key-not-accepted")
    assert token not in again.text  # type: ignore[attr-defined]
    assert "token" not in again.json()  # type: ignore[attr-defined]
    assert stored_answers(sealed.db) == []
    assert api.get("/auth/me", headers=bearer(token)).status_code == 200


def test_stored_answers_are_sealed_and_expire_after_24_hours(
    sealed: Runtime, api: TestClient, clock: ControlledClock
) -> None:
    tenant: Tenant = open_tenant(sealed)
    headers = {**tenant.headers, "Idempotency-Key": "add-service-1"}
    body = {"name": "Couples intake", "duration_minutes": 50, "fee_cents": 100}
    first = api.post("/services", json=body, headers=headers)
    assert first.status_code == 201, first.text

    # The stored answer is sealed: neither the key nor the answer is readable
    ((scope, idem_key, answer),) = stored_answers(sealed.db)
    for value in (scope, idem_key, answer):
        assert "Couples intake" not in str(value) and "add-service-1" not in str(value)
        assert tenant.token not in str(value)

    # Within 24 hours the key replays the first answer
    clock.advance(timedelta(hours=23, minutes=59))
    replay = api.post("/services", json=body, headers=headers)
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["id"] == first.json()["id"]

    # After 24 hours it has expired: the same key is a new request
    clock.advance(timedelta(minutes=2))
    fresh = api.post("/services", json=body, headers=headers)
    assert fresh.status_code == 201 and "idempotent-replayed" not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]


def test_the_fingerprint_covers_if_match(sealed: Runtime, api: TestClient) -> None:
    tenant = open_tenant(sealed)
    service = api.post(
        "/services",
        json={"name": "Therapy", "duration_minutes": 50, "fee_cents": 100},
        headers=tenant.headers,
    ).json()
    url = f"/services/{service['id']}/change-fee"
    headers = {**tenant.headers, "Idempotency-Key": "fee-1"}
    ok = api.post(url, json={"fee_cents": 120}, headers={**headers, "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    other = api.post(url, json={"fee_cents": 120}, headers={**headers, "If-Match": '"2"'})
    refusal(other, 422, "idempotency-key-reused")
    assert other.json()["type"] == f"{PROBLEMS}/idempotency-key-reused"


def test_an_answer_that_sets_a_cookie_is_never_kept(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"PRACTICERUNNER_DATA_DIR": str(tmp_path), "PRACTICERUNNER_CIPHER_KEY": KEY}
    )
    db = ReadStore(settings)
    issued: list[str] = []

    async def hand_out(request: Request) -> JSONResponse:
        issued.append(f"secret-{len(issued)}")
        response = JSONResponse({"session": issued[-1]})
        response.set_cookie("session", issued[-1])
        return response

    app = Starlette(routes=[Route("/hand-out", hand_out, methods=["POST"])])
    app.add_middleware(IdempotencyMiddleware, db=db)
    try:
        with TestClient(app) as client:
            first = client.post("/hand-out", headers={"Idempotency-Key": "k"})
            client.cookies.clear()  # the retry of a lost answer never saw the cookie
            again = client.post("/hand-out", headers={"Idempotency-Key": "k"})
        assert first.json() == {"session": "secret-0"}
        refusal(again, 409, "idempotent-answer-withheld")
        assert again.json()["type"] == f"{PROBLEMS}/idempotent-answer-withheld"
        assert "secret-0" not in again.text and issued == ["secret-0"]
        ((_, _, answer),) = stored_answers(db)
        assert answer is None
    finally:
        db.close()
