"""Billing gaps closed in the browser: staff read the AutoPay consent a client gave in the
portal (the words, when and where) on the client's billing panel; a client who cancels on
the card-saving page is back on their billing with nothing changed; staff choose a case's
no-show and late-cancellation fee as the practice, not invoiced, or a fee of its own; a
client with more invoices than a page reads the older ones. Each screen is checked with axe
and saved."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.browser import check_screen
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import Practice, open_case, person, ready_practice

CLIENT_EMAIL = "robin.client@example.com"


def _client_with_portal(service: Service, p: Practice) -> tuple[str, str]:
    """A client with a case and a portal account: their id and their case's."""
    api = service.api(p.tenant.token)
    client_id = person(api, p, "Robin", "Client")  # type: ignore[arg-type]
    case_id = open_case(api, p, "individual", [client_id])  # type: ignore[arg-type]
    opened = api.post("/portal-accounts", json={"person_id": client_id, "email": CLIENT_EMAIL})
    assert opened.status_code == 201, opened.text
    service.caught_up()
    return client_id, case_id


def _portal_billing(service: Service, browser: Browser) -> Page:
    """The client signed in to the portal, on their Billing page."""
    page = new_context(browser, "America/New_York").new_page()
    page.goto(f"{service.base_url}/o/harbor-therapy/")
    page.get_by_label("Your email address").fill(CLIENT_EMAIL)
    page.get_by_role("button", name="Email me a sign-in link").click()
    page.goto(service.emailed_link(CLIENT_EMAIL, "/o/harbor-therapy/enter/"))
    page.get_by_role("link", name=re.compile("^Billing")).click()
    expect(page.get_by_role("heading", name="Billing")).to_be_visible()
    return page


def test_staff_read_the_autopay_consent_the_client_gave_in_the_portal(
    service: Service, browser: Browser, page: Page
) -> None:
    p = ready_practice(service.runtime)
    client_id, _ = _client_with_portal(service, p)

    portal = _portal_billing(service, browser)
    portal.get_by_role("button", name="Save a card or bank account").click()
    portal.get_by_role("button", name="Save with card").click()
    portal.wait_for_url("**/o/harbor-therapy/billing?method=saved")
    expect(portal.get_by_role("region", name="Saved payment method")).to_contain_text("4242")
    autopay = portal.get_by_role("region", name="AutoPay is off")
    terms = autopay.get_by_label("AutoPay terms").inner_text().strip()
    autopay.get_by_label("I agree to these terms").check()
    autopay.get_by_role("button", name="Turn AutoPay on").click()
    expect(portal.get_by_role("region", name="AutoPay is on")).to_contain_text("You agreed on")
    portal.context.close()
    service.caught_up()

    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/clients/people/{client_id}")
    card = page.get_by_label("AutoPay", exact=True)
    expect(card).to_contain_text("On by the client's own consent")
    consent = page.get_by_label("AutoPay consent")
    expect(consent).to_contain_text("The client agreed in the client portal on")
    expect(consent).to_contain_text("(America/New_York)")
    expect(consent.locator("blockquote")).to_have_text(terms)
    check_screen(page, "staff-person-autopay-consent")

    # Staff turn it off and on again: AutoPay is then on by staff, not by that consent.
    card.get_by_role("button", name="Turn AutoPay off").click()
    card.get_by_role("button", name="Turn AutoPay on").click()
    expect(card).to_contain_text("Turned on by staff")
    expect(page.get_by_label("AutoPay consent")).to_have_count(0)


def test_a_client_cancels_on_the_card_saving_page_and_is_back_on_billing_unchanged(
    service: Service, browser: Browser
) -> None:
    p = ready_practice(service.runtime)
    client_id, _ = _client_with_portal(service, p)
    portal = _portal_billing(service, browser)
    refreshes: list[str] = []
    portal.on(
        "request",
        lambda r: refreshes.append(r.url) if "/payment-method/refresh" in r.url else None,
    )

    portal.get_by_role("button", name="Save a card or bank account").click()
    expect(portal.get_by_role("heading", name="Save a payment method")).to_be_visible()
    portal.get_by_role("link", name="Cancel and go back").click()
    portal.wait_for_url("**/o/harbor-therapy/billing?method=cancelled")
    expect(portal.get_by_role("status").filter(has_text="Nothing was saved")).to_be_visible()
    method = portal.get_by_role("region", name="Saved payment method")
    expect(method).to_contain_text("No card or bank account saved.")
    expect(portal.get_by_role("region", name="AutoPay is off")).to_be_visible()
    check_screen(portal, "portal-billing-method-cancelled")
    assert refreshes == []  # nothing asked of Stripe, nothing recorded
    portal.context.close()

    ledger = service.api(p.tenant.token).get(f"/ledger/payers/{client_id}").json()
    assert (ledger["saved_method"], ledger["autopay"]) == (None, False)


def test_staff_say_a_cases_no_show_is_not_invoiced_over_the_practices_fee(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client_id = person(api, p, "Mara", "Okafor")  # type: ignore[arg-type]
    case_id = open_case(api, p, "individual", [client_id])  # type: ignore[arg-type]
    fees = {"values": {"no_show_fee_cents": 7500, "late_cancel_fee_cents": 5000}}
    assert api.post("/billing/settings", json=fees).is_success
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    page.goto(f"{service.base_url}/clients/cases/{case_id}")
    own = page.get_by_role("region", name="Billing settings for this case")
    no_show = own.get_by_role("radiogroup", name="No-show fee")
    late = own.get_by_role("radiogroup", name="Late-cancellation fee")
    expect(no_show).to_have_accessible_description("Now: $75.00")
    expect(no_show.get_by_role("radio", name="As the practice")).to_be_checked()
    no_show.get_by_role("radio", name="Not invoiced").check()
    late.get_by_role("radio", name="This fee").check()
    save = own.get_by_role("button", name="Save billing settings for this case")
    expect(save).to_be_disabled()  # "this fee" needs its amount
    own.get_by_label("Late-cancellation fee amount").fill("0")
    expect(own.get_by_text("Enter an amount above zero")).to_be_visible()
    own.get_by_label("Late-cancellation fee amount").fill("40")
    save.click()
    expect(own.get_by_role("status")).to_have_text("Saved.")
    expect(no_show).to_have_accessible_description("Now: not invoiced")
    expect(late).to_have_accessible_description("Now: $40.00")
    check_screen(page, "staff-case-billing-fee-choices")

    kept = api.get(f"/billing/overrides/cases/{case_id}").json()
    assert (kept["values"]["no_show_fee_cents"], kept["values"]["late_cancel_fee_cents"]) == (
        0, 4000,
    )  # fmt: skip

    # After a reload the choices are as kept; back to the practice's, the override is gone.
    page.reload()
    expect(no_show.get_by_role("radio", name="Not invoiced")).to_be_checked()
    expect(own.get_by_label("Late-cancellation fee amount")).to_have_value("40.00")
    no_show.get_by_role("radio", name="As the practice").check()
    late.get_by_role("radio", name="As the practice").check()
    save.click()
    expect(no_show).to_have_accessible_description("Now: $75.00")
    kept = api.get(f"/billing/overrides/cases/{case_id}").json()
    assert "no_show_fee_cents" not in kept["values"]
    assert "late_cancel_fee_cents" not in kept["values"]


def test_a_client_with_more_invoices_than_a_page_reads_the_older_ones(
    service: Service, browser: Browser
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    _, case_id = _client_with_portal(service, p)
    for n in range(51):  # one more than the portal's page of 50
        line = {"description": f"Session {n + 1}", "unit_fee_cents": 1_000 + n}
        made = api.post("/invoices", json={"case_id": case_id, "lines": [line]})
        assert made.status_code == 201, made.text
        assert api.post(f"/invoices/{made.json()['id']}/issue", json={}).is_success
    service.caught_up()

    portal = _portal_billing(service, browser)
    invoices = portal.get_by_role("list", name="Invoices").get_by_role("listitem")
    expect(invoices).to_have_count(50)
    expect(invoices.first).to_contain_text("Session 51")  # newest first
    check_screen(portal, "portal-billing-more-invoices")
    portal.get_by_role("button", name="More invoices").click()
    expect(invoices).to_have_count(51)
    expect(invoices.last).to_contain_text("Session 1 ")
    expect(portal.get_by_role("button", name="More invoices")).to_have_count(0)
    portal.context.close()
