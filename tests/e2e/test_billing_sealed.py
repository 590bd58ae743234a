"""With a cipher key, billing keeps no payer name, email, line description or payment
reference in plaintext at rest: not in any SQLite file nor in a pg_dump (event store, ledger
read model, outbox, idempotency store alike)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from tests.e2e.test_phi_sealed_at_rest import KEY, pg_dump
from tests.support.scheduling import ready_practice

PAYER = {
    "given_name": "Perpetua",
    "family_name": "Wollstonecraft",
    "emails": [{"address": "perpetua.w@example.org", "primary": True}],
}
DESCRIPTION = "Letter for Perpetua's employer about leave"
REFERENCE = "CHK-77123-QUILLON"
SECRETS = ["Perpetua", "Wollstonecraft", "perpetua.w@example.org", "employer about leave",
           REFERENCE]  # fmt: skip


@pytest.fixture
def sealed(settings: Settings, clock: ControlledClock) -> Iterator[Runtime]:
    env = {
        "PRACTICERUNNER_DATA_DIR": str(settings.data_dir),
        "PRACTICERUNNER_DATABASE_URL": settings.database_url,
        "PRACTICERUNNER_SECRET_KEY": "test-secret",
        "PRACTICERUNNER_CIPHER_KEY": KEY,
    }
    rt = Runtime(Settings.from_env(env), clock=clock)
    try:
        yield rt
    finally:
        rt.close()


def _leaks(backend: str, settings: Settings) -> list[str]:
    if backend == "postgres":
        dump = pg_dump(settings.database_url)
        assert b"INV" in dump or b"billing" in dump.lower()
        return [s for s in SECRETS if s.encode() in dump]
    files = {p for d in (settings.data_dir, settings.sqlite_dir) for p in d.rglob("*")}
    raw = b"".join(p.read_bytes() for p in sorted(files) if p.is_file())
    assert b"billing_ledger" in raw  # the ledger's tables are in there
    return [s for s in SECRETS if s.encode() in raw or s.encode("utf-16-le") in raw]


def test_no_payer_name_email_description_or_reference_is_plaintext_at_rest(
    backend: str, sealed: Runtime, settings: Settings
) -> None:
    p = ready_practice(sealed)
    with TestClient(create_app(sealed, background=True)) as api:
        h = p.headers
        payer = api.post("/people", json=PAYER, headers=h).json()["id"]
        case = api.post(
            "/cases", json={"kind": "individual", "participant_ids": [payer]}, headers=h
        ).json()["id"]
        invoice = api.post(
            "/invoices",
            json={"case_id": case, "lines": [{"description": DESCRIPTION, "unit_fee_cents": 4000}]},
            headers={**h, "Idempotency-Key": "billing-sealed-1"},
        ).json()["id"]
        assert api.post(f"/invoices/{invoice}/issue", headers=h).is_success
        paid = api.post(
            "/payments",
            json={"invoice_id": invoice, "method": "check", "amount_cents": 4000,
                  "received_on": "2026-03-02", "reference": REFERENCE},
            headers=h,
        )  # fmt: skip
        assert paid.status_code == 201, paid.text
        shown = api.get(f"/invoices/{invoice}?after={paid.json()['position']}", headers=h).json()
        assert shown["lines"][0]["description"] == DESCRIPTION and shown["status"] == "paid"
        payment = api.get(f"/payments/{paid.json()['id']}", headers=h).json()
        assert payment["reference"] == REFERENCE
        assert _leaks(backend, settings) == []
