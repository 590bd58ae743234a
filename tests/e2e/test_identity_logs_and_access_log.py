"""No secret or personal data in the logs; every read of a record goes to the access log."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
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


def test_a_full_sign_in_and_a_record_read_log_no_token_passkey_or_personal_data(
    runtime: Runtime, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tenant = open_tenant(runtime)
    email = "jordan.rivera@harbor.example"
    staff_id = invite(runtime, tenant, Role.PROVIDER, email)
    authenticator, _, joined_answer = joined(client, runtime, staff_id)
    signed_in = sign_in(client, authenticator)
    failed = sign_in(client, authenticator, origin="https://evil.example")
    code = client.post(
        "/auth/sign-in/recovery-code",
        json={"practice": "harbor-therapy", "email": email, "code": "wrong-code-000"},
    )
    record = client.get(f"/staff/{staff_id}", headers=bearer(signed_in.json()["token"]))
    history = client.get(f"/history/{staff_id}", headers=tenant.headers)
    assert (signed_in.status_code, failed.status_code, code.status_code) == (200, 401, 401)
    assert record.status_code == history.status_code == 200
    runtime.settle()

    secrets = {
        joined_answer["token"],
        signed_in.json()["token"],
        tenant.token,
        *joined_answer["recovery_codes"],
        email,
        "jordan.rivera",
        "Provider Member",
    }
    for credential in authenticator.responses:
        secrets |= {credential["id"]}
        secrets |= {v for v in credential["response"].values() if isinstance(v, str)}
    # Everything the application and its libraries log; "mail.log" is the test's own SMTP
    # server (aiosmtpd), standing in for the outside world.
    logged = "\n".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}"
        for r in caplog.records
        if r.name != "mail.log"
    )
    assert caplog.records, "the scenario logs something"
    leaked = [s for s in secrets if isinstance(s, str) and len(s) > 6 and s in logged]
    assert leaked == []


def test_record_reads_are_in_the_access_log_and_owners_can_query_and_export_it(
    runtime: Runtime, client: TestClient
) -> None:
    tenant = open_tenant(runtime)
    provider_id = invite(runtime, tenant, Role.PROVIDER)
    authenticator, owner, _ = joined(client, runtime, invite_owner(runtime, tenant))
    assert client.post("/auth/act-as", json={"provider_id": provider_id}, headers=owner).is_success
    caught_up(runtime)

    assert client.get(f"/history/{provider_id}", headers=owner).status_code == 200

    entries = client.get("/access-log", headers=owner).json()["items"]
    (entry,) = [e for e in entries if e["resource_id"] == provider_id]
    assert entry["actor_id"] == tenant.owner_id
    assert entry["on_behalf_of"] == provider_id
    assert entry["category"] == "audit" and entry["action"] == "read"
    assert entry["address"] == "testclient" and entry["session_id"]
    assert entry["route"] == "/history/{aggregate_id}"

    by_actor = client.get(f"/access-log?actor_id={tenant.owner_id}", headers=owner).json()
    assert by_actor["items"]
    provider_headers = bearer(joined(client, runtime, provider_id)[2]["token"])
    refusal(client.get("/access-log", headers=provider_headers), 403, "forbidden")

    reauthenticate(client, authenticator, owner)
    exported = client.get("/access-log/export", headers=owner)
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert any(r["resource_id"] == provider_id for r in rows)
    # The export itself is logged.
    entries = client.get("/access-log", headers=owner).json()["items"]
    assert any(e["action"] == "export" for e in entries)


def test_the_access_log_cannot_be_rewritten(runtime: Runtime, client: TestClient) -> None:
    tenant = open_tenant(runtime)
    assert client.get(f"/history/{tenant.practice_id}", headers=tenant.headers).status_code == 200

    for statement in ("UPDATE access_log SET actor_id = 'nobody'", "DELETE FROM access_log"):
        with pytest.raises(Exception, match="append-only"), runtime.db.transaction() as tx:
            tx.execute(statement)
    page = runtime.access_log.query(str(tenant.practice_id))
    assert [e["actor_id"] for e in page.items] == [tenant.owner_id]


def test_history_leaves_out_passkey_keys_and_recovery_code_hashes(
    runtime: Runtime, client: TestClient
) -> None:
    from practicerunner.domain.identity.accounts import staff_account_id

    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant, Role.PROVIDER)
    joined(client, runtime, staff_id)

    history = client.get(f"/history/{staff_account_id(staff_id)}", headers=tenant.headers)

    assert history.status_code == 200
    text = json.dumps(history.json())
    assert "public_key" not in text and "code_hashes" not in text and "passkeys" not in text
    assert [e["event"] for e in history.json()["events"]][:3] == [
        "Opened",
        "PasskeyRegistered",
        "RecoveryCodesIssued",
    ]
