"""A bank debit that succeeded and is then taken back by the payer's bank (an ACH return,
reported as a failed charge with its reversal, or as an ACH dispute, which is final): the
payment is marked returned, the invoice it paid is owed again, and the ledger shows the
return; each webhook delivered twice, shuffled, records it once."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import (
    dispute_payment,
    processing,
    return_payment,
    settle,
)
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import Books, autopay_payment, open_books


def webhooks(b: Books, fake: FakeStripeServer, seed: int) -> None:
    assert {d.status for d in fake.fake.webhooks.release(copies=2, shuffle=True, seed=seed)} == {
        200
    }
    b.idle()
    fake.fake.webhooks.hold()


@pytest.mark.parametrize("taken_back", ["ach-return", "ach-dispute"])
def test_a_succeeded_bank_debit_taken_back_is_owed_again_and_the_ledger_shows_it(
    paying: tuple[Runtime, TestClient],
    clock: ControlledClock,
    fake_stripe: FakeStripeServer,
    taken_back: str,
) -> None:
    b = open_books(*paying, clock)
    payer, invoice, payment = autopay_payment(b, fake_stripe, "Casey", kind="us_bank_account")
    (intent,) = processing(fake_stripe.fake)
    settle(fake_stripe.fake, intent, "succeeded")
    webhooks(b, fake_stripe, 1)
    assert b.invoice(invoice)["status"] == "paid"
    case = b.invoice(invoice)["case_id"]

    if taken_back == "ach-return":
        return_payment(fake_stripe.fake, intent, "debit_not_authorized")
    else:
        dispute_payment(fake_stripe.fake, intent)
    webhooks(b, fake_stripe, 2)

    (returned,) = b.get(f"/payments?payer_id={payer}")["items"]
    assert (returned["payment_id"], returned["status"]) == (payment["payment_id"], "returned")
    assert returned["allocations"] == {invoice: 0}
    owed = b.invoice(invoice)
    assert (owed["status"], owed["paid_cents"], owed["balance_cents"]) == ("issued", 0, 15000)
    for kind, scope in (("payers", payer), ("cases", case)):
        totals = b.ledger(kind, scope)
        assert (totals["returns_cents"], totals["balance_cents"]) == (15000, 15000), kind
    assert b.ledger("payers", payer)["payments_cents"] == 15000  # it was paid, then taken back
    assert b.ledger("payers", payer)["aging"]["current"] == 15000
    # Auditors: the invoice's history names the event that opened it again.
    history = b.client.get(f"/history/{invoice}", headers=b.practice.headers).json()
    assert [e["event"] for e in history["events"]][-1] == "PaymentReturned"


def test_a_return_delivered_before_the_debits_success_is_sent_again_and_then_recorded(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = open_books(*paying, clock)
    payer, invoice, _ = autopay_payment(b, fake_stripe, "Devon", kind="us_bank_account")
    webhooks(b, fake_stripe, 3)
    (intent,) = processing(fake_stripe.fake)
    settle(fake_stripe.fake, intent, "succeeded")
    return_payment(fake_stripe.fake, intent)
    (early,) = [e for e in fake_stripe.fake.webhooks.held() if e["type"] == "charge.failed"]
    # The return arrives first: answered 503 and not remembered, so Stripe sends it again.
    assert fake_stripe.fake.webhooks.deliver(early).status == 503
    b.idle()
    assert b.get(f"/payments?payer_id={payer}")["items"][0]["status"] == "pending"

    # Stripe's deliveries, in order this time: the success, then the return again.
    assert {d.status for d in fake_stripe.fake.webhooks.release()} == {200}
    b.idle()
    (returned,) = b.get(f"/payments?payer_id={payer}")["items"]
    assert returned["status"] == "returned"
    assert b.invoice(invoice)["balance_cents"] == 15000
    assert b.ledger("payers", payer)["returns_cents"] == 15000
