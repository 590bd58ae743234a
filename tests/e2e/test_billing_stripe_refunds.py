"""Refunds of a card payment, through the HTTP API and the fake Stripe server: the refund is
made at Stripe once (the request retried with its Idempotency-Key gets the first answer; the
refund job sends Stripe the key ``refund:<refund id>``), the invoice owes again what was
given back, and a refund above what is left of the payment is refused and writes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import ledger
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import autopay_payment, open_books
from tests.support.problems import refusal


def test_a_card_payment_is_refunded_at_stripe_once_and_the_invoice_owes_it_again(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    rt, _ = paying
    b = open_books(*paying, clock)
    payer, invoice, payment = autopay_payment(b, fake_stripe, "Harper")
    assert (payment["method"], payment["status"], payment["amount_cents"]) == (
        "card", "succeeded", 15000,
    )  # fmt: skip
    path = f"/payments/{payment['payment_id']}/refund"
    body = {"amount_cents": 5000, "reason": "sliding scale"}
    first = b.post(path, body, **{"Idempotency-Key": "refund-harper-1"})
    again = b.post(path, body, **{"Idempotency-Key": "refund-harper-1"})
    assert first.status_code == again.status_code == 200, first.text
    assert again.json() == first.json()
    b.positions.append(first.json()["position"])
    # While Stripe has not answered, the held cents cannot be refunded a second time.
    before = rt.stores["billing"].recorder.max_notification_id()
    refusal(b.post(path, {"amount_cents": 10001}), 422, "refund-exceeds-payment")
    assert rt.stores["billing"].recorder.max_notification_id() == before

    b.idle()
    (charge,) = ledger(fake_stripe.fake)
    assert (charge.amount_cents, charge.amount_refunded_cents) == (15000, 5000)
    refund_id = first.json()["extra"]["refund_id"]
    keys = [k for m, p, k in fake_stripe.fake.requests if (m, p) == ("POST", "/v1/refunds")]
    assert keys == [f"refund:{refund_id}"]
    shown = b.get(f"/payments/{payment['payment_id']}")
    assert shown["refunded_cents"] == 5000
    owed = b.invoice(invoice)
    assert (owed["status"], owed["paid_cents"], owed["balance_cents"]) == (
        "partially_paid", 10000, 5000,
    )  # fmt: skip
    totals = b.ledger("payers", payer)
    assert (totals["payments_cents"], totals["refunds_cents"], totals["balance_cents"]) == (
        15000, 5000, 5000,
    )  # fmt: skip

    # More than is left of the payment: refused with its problem, nothing written, nothing
    # asked of Stripe.
    before = rt.stores["billing"].recorder.max_notification_id()
    refusal(b.post(path, {"amount_cents": 10001}), 422, "refund-exceeds-payment")
    assert rt.stores["billing"].recorder.max_notification_id() == before
    b.ok(path, {"amount_cents": 10000})
    b.idle()
    assert ledger(fake_stripe.fake)[0].amount_refunded_cents == 15000
    assert b.invoice(invoice)["balance_cents"] == 15000
