"""Adding sessions to an invoice in the browser: billing staff open a new draft from a case's
page, see the case's completed sessions that no invoice bills yet (in the practice's time,
with their service and fee), add one, watch it leave the list and become a line, and issue
the invoice; a session invoiced elsewhere meanwhile is refused in the service's words and
leaves the list. A coordinator reads the same kind of draft with nothing to add or issue."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from practicerunner.domain.practice.roles import Role
from tests.browser.browser import check_screen
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.browser.staff_session import join_in_browser
from tests.support.passkeys import invite
from tests.support.scheduling import completed_session, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")


def _day(start: datetime) -> str:
    """The session's day as the screen shows it, in the practice's timezone ("Dec 1, 2026")."""
    local = start.astimezone(PRACTICE_ZONE)
    return f"{local:%b} {local.day}, {local.year}"


def test_billing_staff_add_a_completed_session_to_a_new_draft_and_issue_it(
    service: Service, page: Page, browser: Browser, zone: str
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client = person(api, p, "Noor", "Haddad")  # type: ignore[arg-type]
    case = api.post("/cases", json={
        "kind": "individual", "participant_ids": [client], "provider_ids": [p.provider_id],
    }).json()["id"]  # fmt: skip
    _, older = completed_session(api, p, case, days_ago=9)
    latest_id, latest = completed_session(api, p, case, days_ago=2)
    service.caught_up()

    join_in_browser(service, page, invite(service.runtime, p.tenant, Role.BILLING))
    page.goto(f"{service.base_url}/clients/cases/{case}")
    page.get_by_role("region", name="Billing").get_by_role("button", name="New invoice").click()
    expect(page.get_by_role("heading", name="INV-000001")).to_be_visible()

    sessions = page.get_by_role("region", name="Add sessions")
    offered = sessions.get_by_role("table", name="Sessions to invoice").get_by_role("row")
    expect(offered).to_have_count(3)  # the header, then the latest session first
    expect(offered.nth(1)).to_contain_text(_day(latest))
    expect(offered.nth(1)).to_contain_text("(America/New_York)")
    expect(offered.nth(1)).to_contain_text("Psychotherapy")
    expect(offered.nth(1)).to_contain_text("$150.00")
    expect(offered.nth(2)).to_contain_text(_day(older))
    check_screen(page, "staff-invoice-add-sessions")

    offered.filter(has_text=_day(older)).get_by_role("checkbox").check()
    sessions.get_by_role("button", name="Add session").click()

    lines = page.get_by_role("table", name="Invoice lines").get_by_role("row")
    expect(lines).to_have_count(2)
    expect(lines.nth(1)).to_contain_text("Psychotherapy")
    expect(lines.nth(1)).to_contain_text("$150.00")
    expect(lines.nth(1)).to_contain_text(older.astimezone(PRACTICE_ZONE).date().isoformat())
    expect(offered).to_have_count(2)  # the added one has left the list
    expect(offered.nth(1)).to_contain_text(_day(latest))
    expect(page.get_by_label("Total")).to_have_text("$150.00")

    # Invoiced elsewhere meanwhile: adding it is refused in the service's words, and the
    # list, read again, no longer offers it.
    elsewhere = api.post("/invoices", json={"case_id": case, "appointment_ids": [latest_id]})
    assert elsewhere.status_code == 201, elsewhere.text
    offered.filter(has_text=_day(latest)).get_by_role("checkbox").check()
    sessions.get_by_role("button", name="Add session").click()
    expect(sessions.get_by_role("alert")).to_contain_text("already invoiced or not billable")
    expect(
        sessions.get_by_text("No sessions of this case are waiting to be invoiced.")
    ).to_be_visible()
    expect(lines).to_have_count(2)

    page.get_by_role("button", name="Issue invoice").click()
    expect(page.get_by_label("Invoice status")).to_have_text("Issued")
    expect(page.get_by_label("Balance due")).to_have_text("$150.00")
    expect(page.get_by_role("region", name="Add sessions")).to_have_count(0)

    # A coordinator reads a draft of the case, with nothing to add to it or issue.
    draft = api.post("/invoices", json={"case_id": case})
    assert draft.status_code == 201, draft.text
    service.caught_up()
    context = new_context(browser, zone)
    try:
        desk = context.new_page()
        join_in_browser(service, desk, invite(service.runtime, p.tenant, Role.COORDINATOR))
        desk.goto(f"{service.base_url}/finance/invoices/{draft.json()['id']}")
        expect(desk.get_by_label("Invoice status")).to_have_text("Draft")
        expect(desk.get_by_role("region", name="Lines")).to_be_visible()
        expect(desk.get_by_role("region", name="Add sessions")).to_have_count(0)
        expect(desk.get_by_role("button", name="Issue invoice")).to_have_count(0)
    finally:
        context.close()
