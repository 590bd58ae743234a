"""Receipts and statements in the browser: a payment's receipt belongs to no case, so staff
find it on the payer's page among their billing documents; they download it (read back) and
email its secure link. A statement is made from a case's page or, for the payer's whole
account, from the payer's page."""

from __future__ import annotations

import io
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import person, ready_practice

PRACTICE_ZONE = "America/New_York"  # the zone of ready_practice's practice


def test_staff_download_and_email_a_receipt_from_the_payer_s_page(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client = person(api, p, "Ruth", "Ames")  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [client], "provider_ids": [p.provider_id],
    }).json()["id"]  # fmt: skip
    invoice = api.post("/invoices", json={
        "case_id": case, "lines": [{"description": "Assessment", "unit_fee_cents": 12000}],
    })  # fmt: skip
    assert invoice.status_code == 201, invoice.text
    invoice_id = invoice.json()["id"]
    assert api.post(f"/invoices/{invoice_id}/issue", json={}).is_success
    today = datetime.now(ZoneInfo(PRACTICE_ZONE)).date().isoformat()
    paid = api.post("/payments", json={
        "invoice_id": invoice_id, "method": "check", "amount_cents": 4500, "received_on": today,
    })  # fmt: skip
    assert paid.status_code == 201, paid.text
    deadline = time.monotonic() + 30
    while not any(
        d["kind"] == "receipt" and d["status"] == "ready"
        for d in api.get(f"/people/{client}/documents").json()["items"]
    ):
        assert time.monotonic() < deadline, "the receipt was not rendered"
        service.caught_up()
        time.sleep(0.2)

    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/clients/people/{client}")
    table = page.get_by_role("table", name="Billing documents of this person")
    receipt = table.get_by_role("row").filter(has_text="Receipt")
    expect(receipt).to_have_count(1)
    expect(receipt.get_by_text("Whole account")).to_be_visible()
    expect(receipt.get_by_text("Ready", exact=True)).to_be_visible()
    invoice_row = table.get_by_role("row").filter(has_text="Invoice")
    expect(invoice_row.get_by_role("link", name="Open case")).to_have_attribute(
        "href", f"/clients/cases/{case}"
    )
    check_screen(page, "staff-person-documents")

    with page.expect_download() as download:
        receipt.get_by_role("link", name="Download").click()
    saved = download.value
    assert saved.suggested_filename.startswith("receipt-")  # no name in the file name
    with open(saved.path(), "rb") as pdf:
        text = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    assert "Check payment" in text and "$45.00" in text and "Ruth Ames" in text

    receipt.get_by_role("button", name="Email link").click()
    expect(page.get_by_role("status").filter(has_text="secure link was emailed")).to_be_visible()
    link = service.emailed_link("ruth.ames@example.com", "/o/")
    assert "/documents?link=" in link and "ruth" not in link.lower()


def test_a_statement_from_the_case_page_is_the_billing_contact_s_and_on_their_page(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    child = person(api, p, "Mia", "Park")  # type: ignore[arg-type]
    parent = person(api, p, "Dana", "Park")  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [child], "provider_ids": [p.provider_id],
        "billing_contact_id": parent,
    }).json()["id"]  # fmt: skip
    invoice = api.post("/invoices", json={
        "case_id": case, "lines": [{"description": "Assessment", "unit_fee_cents": 9000}],
    }).json()  # fmt: skip
    assert api.post(f"/invoices/{invoice['id']}/issue", json={}).is_success
    service.caught_up()

    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/clients/cases/{case}")
    form = page.get_by_role("form", name="New document")
    # Once the case's documents are listed, the page below the form stops moving.
    expect(page.get_by_role("table", name="Documents of this case")).to_be_visible()
    form.get_by_role("textbox", name="Document").click()
    page.get_by_role("option", name="Statement").click()
    # The payer is the case's billing contact unless staff choose the client.
    expect(form.get_by_role("textbox", name="Payer")).to_have_value("Billing contact")
    today = datetime.now(ZoneInfo(PRACTICE_ZONE)).date()  # the practice's today, not UTC's
    form.get_by_label("From").fill(today.replace(day=1).isoformat())
    form.get_by_label("To").fill(today.isoformat())
    form.get_by_role("button", name="Make document").click()
    row = page.get_by_role("table", name="Documents of this case").get_by_role("row")
    expect(row.filter(has_text="Statement").get_by_text("Billing contact")).to_be_visible()
    expect(row.filter(has_text="Statement").get_by_text("Ready · 1 entry")).to_be_visible(
        timeout=30_000
    )

    page.goto(f"{service.base_url}/clients/people/{parent}")
    table = page.get_by_role("table", name="Billing documents of this person")
    statement = table.get_by_role("row").filter(has_text="Statement")
    expect(statement).to_have_count(1)
    with page.expect_download() as download:
        statement.get_by_role("link", name="Download").click()
    with open(download.value.path(), "rb") as pdf:
        text = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    assert "Dana Park" in text and "$90.00" in text

    # From the payer's own page, a statement of everything they pay for, of no one case.
    account = page.get_by_role("form", name="Statement of the whole account")
    account.get_by_label("From").fill(today.replace(day=1).isoformat())
    account.get_by_label("To").fill(today.isoformat())
    account.get_by_role("button", name="Make account statement").click()
    whole = table.get_by_role("row").filter(has_text="Statement").filter(has_text="Whole account")
    expect(whole.get_by_text("Ready · 1 entry")).to_be_visible(timeout=30_000)
    expect(table.get_by_role("row").filter(has_text="Statement")).to_have_count(2)
    check_screen(page, "staff-payer-documents")
