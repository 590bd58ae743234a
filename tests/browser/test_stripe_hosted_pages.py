"""The fake Stripe's hosted pages in Chromium, as a payer meets them in a demo or a browser
test: save a bank account for AutoPay, pay an invoice after a declined card. Each screen is
checked with axe and saved as a screenshot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from practicerunner.adapters.stripe_fake import FakeStripeServer, ledger
from practicerunner.adapters.stripe_gateway import StripeGateway
from tests.browser.browser import check_screen
from tests.support.stripe import gateway_for


@pytest.fixture
def stripe_pages() -> Iterator[tuple[FakeStripeServer, StripeGateway]]:
    with FakeStripeServer() as server:
        yield server, gateway_for(server)


def test_a_payer_saves_a_bank_account_on_the_hosted_setup_page(
    page: Page, stripe_pages: tuple[FakeStripeServer, StripeGateway]
) -> None:
    server, gateway = stripe_pages
    customer = gateway.ensure_customer("payer-1")
    setup = gateway.start_setup(
        customer.id,
        success_url=server.url + "/checkout/done?session={CHECKOUT_SESSION_ID}",
        cancel_url=server.url + "/checkout/cancelled",
        idempotency_key="setup:payer-1",
    )
    page.goto(setup.url)
    expect(page.get_by_role("heading", name="Save a payment method")).to_be_visible()
    check_screen(page, "fake stripe setup page")

    page.get_by_role("button", name="Save with bank account").click()

    page.wait_for_url(f"**/checkout/done?session={setup.id}")
    (method,) = gateway.list_methods(customer.id)
    assert (method.kind, method.last4) == ("us_bank_account", "6789")


def test_a_payer_pays_an_invoice_after_a_declined_card(
    page: Page, stripe_pages: tuple[FakeStripeServer, StripeGateway]
) -> None:
    server, gateway = stripe_pages
    pay = gateway.start_payment_page(
        amount_cents=15_050,
        description="Invoice 2026-0042",
        success_url=server.url + "/checkout/paid?session={CHECKOUT_SESSION_ID}",
        cancel_url=server.url + "/checkout/cancelled",
        idempotency_key="paylink:inv-42:1",
        metadata={"invoice_id": "inv-42"},
    )
    page.goto(pay.url)
    expect(page.get_by_role("heading", name="Pay $150.50")).to_be_visible()
    check_screen(page, "fake stripe payment page")

    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Pay with card").click()
    expect(page.get_by_role("alert")).to_have_text("Your card was declined.")
    check_screen(page, "fake stripe payment declined")

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay with card").click()

    page.wait_for_url(f"**/checkout/paid?session={pay.id}")
    assert gateway.checkout(pay.id).payment_status == "paid"
    assert [e.status for e in ledger(server.fake)] == ["failed", "succeeded"]
