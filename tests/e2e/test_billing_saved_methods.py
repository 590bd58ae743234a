"""A payer's saved method through Stripe's hosted setup page: the one they saved last is the
one AutoPay charges (Stripe lists a customer's methods newest first)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import open_books, save_method


def test_a_payer_who_saves_a_second_card_is_charged_on_the_newer_one(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = open_books(*paying, clock)
    payer, _ = b.client_case("Morgan")
    assert save_method(b, fake_stripe, payer) == "Visa ending 4242"
    assert save_method(b, fake_stripe, payer, number="5555555555554444") == (
        "Mastercard ending 4444"
    )
    # Asked again, Stripe still lists the newer card first: the payer's choice stays.
    b.ok(f"/payers/{payer}/payment-methods/refresh")
    assert b.ledger("payers", payer)["saved_method"]["label"] == "Mastercard ending 4444"
