"""A client pays an invoice from the portal's Billing page on the fake Stripe's hosted page and
sees it paid, then saves a card and turns AutoPay on by agreeing to the terms shown; the
practice's staff then see AutoPay on for them. Each screen is checked with axe and saved."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.browser import check_screen
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.support.scheduling import open_case, person, ready_practice

CLIENT_EMAIL = "robin.client@example.com"


@pytest.mark.parametrize("phone_zone", ["Europe/Berlin"])
def test_a_client_pays_an_invoice_through_the_pay_link_and_turns_autopay_on(
    service: Service, browser: Browser, phone_zone: str
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client_id = person(api, p, "Robin", "Client")  # type: ignore[arg-type]
    case_id = open_case(api, p, "individual", [client_id])  # type: ignore[arg-type]
    line = {"description": "Session on 2 March", "unit_fee_cents": 15_050}
    created = api.post("/invoices", json={"case_id": case_id, "lines": [line]})
    assert created.status_code == 201, created.text
    invoice_id = created.json()["id"]
    assert api.post(f"/invoices/{invoice_id}/issue", json={}).is_success
    opened = api.post("/portal-accounts", json={"person_id": client_id, "email": CLIENT_EMAIL})
    assert opened.status_code == 201, opened.text
    service.caught_up()

    context = new_context(browser, phone_zone, phone=True)
    page = context.new_page()
    page.goto(f"{service.base_url}/o/harbor-therapy/")
    page.get_by_label("Your email address").fill(CLIENT_EMAIL)
    page.get_by_role("button", name="Email me a sign-in link").click()
    page.goto(service.emailed_link(CLIENT_EMAIL, "/o/harbor-therapy/enter/"))
    page.get_by_role("link", name=re.compile("^Billing")).click()

    expect(page.get_by_role("heading", name="Billing")).to_be_visible()
    balance = page.get_by_role("region", name="Balance")
    expect(balance).to_contain_text("$150.50")
    invoice = page.get_by_role("listitem", name=re.compile(r"^Invoice INV-"))
    expect(invoice).to_contain_text("Session on 2 March")
    expect(invoice).to_contain_text("Due")
    assert page.title() == "Billing · Harbor Therapy"
    check_screen(page, "portal-billing")

    invoice.get_by_role("button", name=re.compile(r"^Pay \$150\.50 of INV-")).click()
    expect(page.get_by_role("heading", name="Pay $150.50")).to_be_visible()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay with card").click()
    page.wait_for_url("**/o/harbor-therapy/billing?payment=done")
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
    # Stripe's webhook records the payment moments later; the page shows it without a reload.
    expect(invoice).to_contain_text("Paid", timeout=20_000)
    expect(balance).to_contain_text("$0.00")
    check_screen(page, "portal-billing-paid")

    page.get_by_role("button", name="Save a card or bank account").click()
    expect(page.get_by_role("heading", name="Save a payment method")).to_be_visible()
    page.get_by_role("button", name="Save with card").click()
    page.wait_for_url("**/o/harbor-therapy/billing?method=saved")
    method = page.get_by_role("region", name="Saved payment method")
    expect(method).to_contain_text("4242")

    autopay = page.get_by_role("region", name="AutoPay is off")
    expect(autopay.get_by_label("AutoPay terms")).to_contain_text("Harbor Therapy")
    turn_on = autopay.get_by_role("button", name="Turn AutoPay on")
    expect(turn_on).to_be_disabled()
    autopay.get_by_label("I agree to these terms").check()
    turn_on.click()
    on = page.get_by_role("region", name="AutoPay is on")
    expect(on).to_contain_text("You agreed on")
    expect(on).to_contain_text("(America/New_York)")
    expect(page.get_by_role("region", name="Upcoming AutoPay charges")).to_contain_text(
        "No charges are scheduled."
    )
    check_screen(page, "portal-billing-autopay-on")
    context.close()

    ledger = api.get(f"/ledger/payers/{client_id}")
    assert ledger.status_code == 200, ledger.text
    assert ledger.json()["autopay"] is True and ledger.json()["balance_cents"] == 0
