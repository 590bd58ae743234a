"""US bank account (ACH) payments through the HTTP API, the fake Stripe server and its
webhooks (each delivered twice, shuffled). A bank debit is pending for days: meanwhile the
invoice and the payer's ledger show the amount on its way, and neither the pay link nor
AutoPay asks the payer for it a second time. It then succeeds (the invoice is paid) or fails
(it is owed again, and AutoPay retries)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import ledger, processing, settle
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.billing.pay_links import pay_token
from tests.support.billing import Books, autopay_payment, open_books, save_method
from tests.support.problems import refusal
from tests.support.stripe import complete_checkout

FAILING_ACCOUNT = "000111111116"  # the fake's bank account that fails: insufficient funds


def pay_link(rt: Runtime, invoice_id: str) -> str:
    from uuid import UUID

    token, _ = pay_token(rt.settings.resolved_secret_key(), UUID(invoice_id), rt.clock.now())
    return f"/pay/{token}"


def bank_debit_ends(b: Books, fake: FakeStripeServer, outcome: str) -> None:
    """The bank answers (days later): Stripe's webhooks arrive twice each, shuffled."""
    (intent,) = processing(fake.fake)
    settle(fake.fake, intent, outcome)
    assert {d.status for d in fake.fake.webhooks.release(copies=2, shuffle=True, seed=5)} == {200}
    b.idle()
    fake.fake.webhooks.hold()


def test_an_autopay_bank_debit_is_pending_then_succeeds_and_is_never_asked_for_twice(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    rt, _ = paying
    b = open_books(*paying, clock)
    payer, invoice, payment = autopay_payment(b, fake_stripe, "Avery", kind="us_bank_account")
    assert (payment["method"], payment["status"]) == ("us_bank_account", "pending")
    # Its own webhooks (processing, twice each) change nothing more.
    fake_stripe.fake.webhooks.release(copies=2, shuffle=True, seed=2)
    b.idle()
    fake_stripe.fake.webhooks.hold()
    shown = b.invoice(invoice)
    assert (shown["status"], shown["balance_cents"], shown["pending_cents"]) == (
        "issued", 15000, 15000,
    )  # fmt: skip
    totals = b.ledger("payers", payer)
    assert (totals["balance_cents"], totals["pending_cents"], totals["payments_cents"]) == (
        15000, 15000, 0,
    )  # fmt: skip

    # The payer opens the pay link meanwhile: refused, nothing asked of Stripe.
    before = len(fake_stripe.fake.requests)
    refusal(b.client.get(pay_link(rt, invoice), follow_redirects=False), 409, "payment-pending")
    assert len(fake_stripe.fake.requests) == before

    bank_debit_ends(b, fake_stripe, "succeeded")
    shown = b.invoice(invoice)
    assert (shown["status"], shown["balance_cents"], shown["pending_cents"]) == ("paid", 0, 0)
    (settled,) = b.get(f"/payments?payer_id={payer}")["items"]
    assert settled["status"] == "succeeded"
    totals = b.ledger("payers", payer)
    assert (totals["payments_cents"], totals["balance_cents"], totals["pending_cents"]) == (
        15000, 0, 0,
    )  # fmt: skip
    assert [(c.amount_cents, c.status) for c in ledger(fake_stripe.fake)] == [(15000, "succeeded")]


def test_a_bank_debit_by_pay_link_is_pending_so_autopay_does_not_charge_again_then_it_fails(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    rt, _ = paying
    b = open_books(*paying, clock)
    payer, case = b.client_case("Blake")
    values = {"billing_mode": "daily_autopay"}  # told 48 hours ahead, then charged
    b.ok("/billing/overrides", {"scope": "billing_contact", "scope_id": payer, "values": values})
    save_method(b, fake_stripe, payer)
    b.ok(f"/payers/{payer}/autopay", {"on": True})
    b.completed_session(case)
    b.idle()
    (issued,) = b.get(f"/invoices?payer_id={payer}")["items"]
    invoice = issued["invoice_id"]

    # Before the AutoPay charge, the payer pays by pay link from a bank account.
    hosted = b.client.get(pay_link(rt, invoice), follow_redirects=False)
    assert hosted.status_code == 303
    page = complete_checkout(
        hosted.headers["location"], kind="us_bank_account", account=FAILING_ACCOUNT
    )
    assert page.status_code == 303
    fake_stripe.fake.webhooks.release(copies=2, shuffle=True, seed=4)
    b.idle()
    fake_stripe.fake.webhooks.hold()
    assert b.invoice(invoice)["pending_cents"] == 15000
    (pending,) = b.get(f"/payments?payer_id={payer}")["items"]
    assert (pending["method"], pending["status"]) == ("us_bank_account", "pending")

    # AutoPay's charge comes due: the debit on its way covers it, so no card is charged.
    clock.advance(timedelta(hours=49))
    b.idle()
    assert [c.method_kind for c in ledger(fake_stripe.fake)] == ["us_bank_account"]

    bank_debit_ends(b, fake_stripe, "failed")
    (failed,) = b.get(f"/payments?payer_id={payer}")["items"]
    assert failed["status"] == "failed"
    shown = b.invoice(invoice)
    assert (shown["status"], shown["balance_cents"], shown["pending_cents"]) == (
        "issued", 15000, 0,
    )  # fmt: skip
    totals = b.ledger("payers", payer)
    assert (totals["payments_cents"], totals["balance_cents"], totals["pending_cents"]) == (
        0, 15000, 0,
    )  # fmt: skip
    # Owed again, it may be paid again.
    assert b.client.get(pay_link(rt, invoice), follow_redirects=False).status_code == 303
