"""Staff billing in the browser: the owner sets a no-show fee and a provider's billing
schedule; invoices a case, takes cash in two parts and watches the balance fall to zero;
is refused voiding an invoice with money on it (the service's words shown, its problem type
pinned); and reads the practice's outstanding balances and revenue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Page, Response, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.problems import refusal
from tests.support.scheduling import Practice, completed_session, person, ready_practice


class _Answer:
    """A browser's response, read the way `refusal` reads an HTTP client's."""

    def __init__(self, response: Response) -> None:
        self.status_code = response.status
        self.headers = response.headers
        self._body = response.json()
        self.text = str(self._body)

    def json(self) -> Any:
        return self._body


def _client_case(api: httpx.Client, p: Practice, given: str, family: str) -> tuple[str, str]:
    client = person(api, p, given, family)  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [client], "provider_ids": [p.provider_id],
    })  # fmt: skip
    assert case.status_code == 201, case.text
    return client, str(case.json()["id"])


def _issued_invoice_for_a_session(api: httpx.Client, p: Practice, case: str, days_ago: int) -> str:
    """A completed session a few days back, invoiced from its appointment and issued."""
    session, _ = completed_session(api, p, case, days_ago)
    made = api.post("/invoices", json={"case_id": case, "appointment_ids": [session]})
    assert made.status_code == 201, made.text
    invoice = str(made.json()["id"])
    issued = api.post(f"/invoices/{invoice}/issue")
    assert issued.is_success, issued.text
    return invoice


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("textbox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_the_owner_sets_a_no_show_fee_and_a_providers_billing_schedule(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    owner_signed_in(service, page, p.tenant)

    page.get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Settings sections").get_by_role(
        "link", name="Billing"
    ).click()
    defaults = page.get_by_role("region", name="Practice billing defaults")
    expect(defaults).to_be_visible()

    # A fee the service could not keep in cents is caught before anything is sent.
    defaults.get_by_label("No-show fee").fill("75.555")
    expect(defaults.get_by_text("Enter an amount such as 150 or 150.50")).to_be_visible()
    defaults.get_by_label("No-show fee").fill("$75.50")
    _choose(page, "Billing mode", "Auto-invoice: on the schedule, paid through the pay link")
    defaults.get_by_role("button", name="Save billing settings").click()
    expect(defaults.get_by_role("status")).to_have_text("Billing settings saved.")
    check_screen(page, "staff-settings-billing")

    schedules = page.get_by_role("table", name="Provider billing schedules")
    _choose(page, "Schedule of Jonah Clinician", "Weekly")
    _choose(page, "Weekday for Jonah Clinician", "Friday")
    schedules.get_by_role("row", name="Jonah Clinician").get_by_role(
        "button", name="Save schedule"
    ).click()
    expect(schedules.get_by_role("row", name="Jonah Clinician")).to_contain_text("Weekly on Friday")

    settings = api.get("/billing/settings").json()
    assert settings["values"]["no_show_fee_cents"] == 7550
    assert settings["values"]["billing_mode"] == "auto_invoice"
    assert settings["schedules"][p.provider_id] == {"frequency": "weekly", "weekday": 4}

    # After a reload the form shows what was kept.
    page.reload()
    expect(page.get_by_label("No-show fee")).to_have_value("75.50")


def test_staff_invoice_a_case_take_cash_and_the_balance_falls_to_zero(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client, case = _client_case(api, p, "Mara", "Okafor")
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    page.goto(f"{service.base_url}/clients/cases/{case}")
    billing = page.get_by_role("region", name="Billing")
    billing.get_by_role("button", name="New invoice").click()
    expect(page.get_by_label("Invoice status")).to_have_text("Draft")
    lines = page.get_by_role("form", name="Add a line")
    lines.get_by_label("Line description").fill("Psychotherapy, 50 minutes")
    lines.get_by_label("Fee per unit").fill("150")
    lines.get_by_role("button", name="Add line").click()
    expect(page.get_by_role("table", name="Invoice lines")).to_contain_text(
        "Psychotherapy, 50 minutes"
    )
    page.get_by_role("button", name="Issue invoice").click()
    expect(page.get_by_label("Invoice status")).to_have_text("Issued")
    expect(page.get_by_label("Balance due")).to_have_text("$150.00")

    # Part in cash now...
    payment = page.get_by_role("form", name="Record a payment")
    expect(payment.get_by_label("Amount")).to_have_value("150.00")
    payment.get_by_label("Amount").fill("100")
    payment.get_by_role("button", name="Record payment").click()
    expect(page.get_by_label("Invoice status")).to_have_text("Partially paid")
    expect(page.get_by_label("Balance due")).to_have_text("$50.00")
    expect(page.get_by_role("table", name="Payments on this invoice")).to_contain_text("$100.00")

    # ...and the rest by check, with its number.
    payment = page.get_by_role("form", name="Record a payment")
    expect(payment.get_by_label("Amount")).to_have_value("50.00")
    _choose(page, "Method", "Check")
    payment.get_by_label("Reference").fill("Check 1042")
    payment.get_by_role("button", name="Record payment").click()
    expect(page.get_by_label("Invoice status")).to_have_text("Paid")
    expect(page.get_by_label("Balance due")).to_have_text("$0.00")
    expect(page.get_by_role("table", name="Payments on this invoice")).to_contain_text("Check 1042")
    check_screen(page, "staff-invoice-paid")

    # The payer's page agrees, to the cent.
    page.get_by_role("link", name="Mara Okafor").click()
    account = page.get_by_role("region", name="Account as payer")
    expect(account.get_by_label("Balance")).to_have_text("$0.00")
    expect(account.get_by_label("Payments")).to_have_text("$150.00")
    expect(page.get_by_role("table", name="Invoices billed to this person")).to_contain_text("Paid")
    check_screen(page, "staff-person-billing")
    ledger = api.get(f"/ledger/payers/{client}").json()
    assert (ledger["charges_cents"], ledger["payments_cents"], ledger["balance_cents"]) == (
        15000, 15000, 0,
    )  # fmt: skip


def test_voiding_an_invoice_with_money_on_it_is_refused_in_the_services_words(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client, case = _client_case(api, p, "Tove", "Lind")
    invoice = _issued_invoice_for_a_session(api, p, case, days_ago=2)
    paid = api.post("/payments", json={
        "payer_id": client, "invoice_id": invoice, "method": "cash", "amount_cents": 4000,
        "received_on": datetime.now(ZoneInfo("America/New_York")).date().isoformat(),
    })  # fmt: skip
    assert paid.status_code == 201, paid.text
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    page.goto(f"{service.base_url}/finance/invoices/{invoice}")
    expect(page.get_by_label("Balance due")).to_have_text("$110.00")
    page.get_by_role("button", name="Void invoice").click()
    page.get_by_label("Why is it void?").fill("Billed in error")
    with page.expect_response(lambda r: r.url.endswith("/void")) as answer:
        page.get_by_role("button", name="Void", exact=True).click()
    refusal(_Answer(answer.value), 409, "invoice-has-payments")
    alert = page.get_by_role("alert").filter(has_text="Money is applied to this invoice")
    expect(alert).to_be_visible()
    check_screen(page, "staff-invoice-refused")

    # A refund above what was paid is refused too, and nothing changes.
    page.get_by_role("button", name="Refund $40.00").click()
    page.get_by_label("Refund amount").fill("60")
    page.get_by_role("button", name="Give back").click()
    expect(
        page.get_by_role("alert").filter(has_text="more than what can be refunded")
    ).to_be_visible()
    expect(page.get_by_label("Invoice status")).to_have_text("Partially paid")
    assert api.get(f"/invoices/{invoice}").json()["paid_cents"] == 4000


def test_outstanding_balances_and_revenue_from_the_navigation(service: Service, page: Page) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    _, first = _client_case(api, p, "Ada", "Brandt")
    second_client, second = _client_case(api, p, "Ben", "Castillo")
    _issued_invoice_for_a_session(api, p, first, days_ago=3)
    _issued_invoice_for_a_session(api, p, first, days_ago=2)
    owed = _issued_invoice_for_a_session(api, p, second, days_ago=1)
    paid = api.post("/payments", json={
        "payer_id": second_client, "invoice_id": owed, "method": "zelle", "amount_cents": 2550,
        "received_on": datetime.now(ZoneInfo("America/New_York")).date().isoformat(),
    })  # fmt: skip
    assert paid.status_code == 201, paid.text
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    page.get_by_role("link", name="Outstanding balances").click()
    table = page.get_by_role("table", name="Outstanding balances")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two payers, largest balance first
    expect(rows.nth(1)).to_contain_text("Ada Brandt")
    expect(rows.nth(1)).to_contain_text("$300.00")
    expect(rows.nth(2)).to_contain_text("Ben Castillo")
    expect(rows.nth(2)).to_contain_text("$124.50")
    expect(page.get_by_label("Total outstanding")).to_contain_text("$424.50")
    check_screen(page, "staff-outstanding")

    table.get_by_role("link", name="Ben Castillo").click()
    expect(
        page.get_by_role("region", name="Account as payer").get_by_label("Balance")
    ).to_have_text("$124.50")

    page.get_by_role("link", name="Revenue").click()
    page.get_by_label("From month").fill((datetime.now(UTC) - timedelta(days=60)).strftime("%Y-%m"))
    revenue = page.get_by_role("table", name="Revenue by provider")
    expect(revenue.get_by_role("row", name="Jonah Clinician")).to_contain_text("$450.00")
    check_screen(page, "staff-revenue")
