"""A practice ready for billing tests, driven through the HTTP API: a billing staff member,
clients with cases, completed sessions, and helpers that read the ledger after a write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.scheduling import Practice, person, ready_practice
from tests.support.stripe import complete_checkout
from tests.support.tenants import staff_token

PROBLEM = "https://practicerunner.org/problems/"


@dataclass
class Books:
    rt: Runtime
    client: TestClient
    clock: ControlledClock
    practice: Practice
    billing_token: str
    positions: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.billing_token}"}

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers={**self.headers, **headers})

    def ok(self, path: str, body: Any = None) -> dict[str, Any]:
        r = self.post(path, body)
        assert r.is_success, r.text
        self.positions.append(r.json()["position"])
        return dict(r.json())

    def get(self, path: str) -> Any:
        after = f"{'&' if '?' in path else '?'}after={self.positions[-1]}" if self.positions else ""
        r = self.client.get(path + after, headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()

    def client_case(self, given: str, kind: str = "individual") -> tuple[str, str]:
        """A client (who pays for themself) and their case."""
        person_id = person(self.client, self.practice, given, "Payer")
        body = {"kind": kind, "participant_ids": [person_id],
                "provider_ids": [self.practice.provider_id]}  # fmt: skip
        r = self.client.post("/cases", json=body, headers=self.practice.headers)
        assert r.status_code == 201, r.text
        return person_id, str(r.json()["id"])

    def completed_session(self, case_id: str) -> str:
        """A session booked an hour from now, held, and marked completed."""
        p = self.practice
        body = {
            "case_id": case_id, "provider_id": p.provider_id, "service_id": p.therapy_service_id,
            "location_id": p.video_id, "start": (self.clock.now() + timedelta(hours=1)).isoformat(),
        }  # fmt: skip
        r = self.client.post("/appointments", json=body, headers=p.headers)
        assert r.status_code == 201, r.text
        self.clock.advance(timedelta(hours=2))
        done = self.client.post(
            f"/appointments/{r.json()['id']}/complete", json={}, headers=p.headers
        )
        assert done.is_success, done.text
        return str(r.json()["id"])

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        return dict(self.get(f"/invoices/{invoice_id}"))

    def ledger(self, kind: str, scope_id: str) -> dict[str, Any]:
        return dict(self.get(f"/ledger/{kind}/{scope_id}"))

    def issued_invoice(self, case_id: str, cents: int, description: str = "Session") -> str:
        created = self.ok(
            "/invoices",
            {"case_id": case_id, "lines": [{"description": description, "unit_fee_cents": cents}]},
        )
        self.ok(f"/invoices/{created['id']}/issue")
        return str(created["id"])

    def idle(self) -> None:
        self.rt.settle()


def open_books(
    rt: Runtime, client: TestClient, clock: ControlledClock, slug: str = "harbor-therapy"
) -> Books:
    p = ready_practice(rt, slug)
    token = staff_token(rt, p.tenant, Role.BILLING, email=f"billing@{slug}.example")
    return Books(rt, client, clock, p, token)


def save_method(b: Books, fake: FakeStripeServer, payer: str, **form: str) -> str:
    """The payer saves a card (or ``kind="us_bank_account"``) on Stripe's hosted setup page;
    its webhook (three copies, shuffled) saves it. Answers the saved method's label."""
    setup = b.ok(f"/payers/{payer}/payment-methods/setup")
    assert complete_checkout(setup["extra"]["url"], **form).status_code == 303
    assert {d.status for d in fake.fake.webhooks.release(copies=3, shuffle=True, seed=1)} == {200}
    b.idle()
    fake.fake.webhooks.hold()
    return str(b.ledger("payers", payer)["saved_method"]["label"])


def autopay_payment(
    b: Books, fake: FakeStripeServer, given: str, **method: str
) -> tuple[str, str, dict[str, Any]]:
    """A daily-AutoPay client (no notice ahead) with a saved card (or ``kind=
    "us_bank_account", account=...``), charged for a completed 150.00 session. Answers the
    payer, the invoice and the payment (pending for a bank debit)."""
    payer, case = b.client_case(given)
    values = {"billing_mode": "daily_autopay", "autopay_notice": False}
    b.ok("/billing/overrides", {"scope": "billing_contact", "scope_id": payer, "values": values})
    save_method(b, fake, payer, **method)
    b.ok(f"/payers/{payer}/autopay", {"on": True})
    b.completed_session(case)
    b.idle()
    b.clock.advance(timedelta(minutes=1))
    b.idle()
    (invoice,) = b.get(f"/invoices?payer_id={payer}")["items"]
    (payment,) = b.get(f"/payments?payer_id={payer}")["items"]
    return payer, str(invoice["invoice_id"]), payment
