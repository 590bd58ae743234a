"""Acting as a provider with a banner on every screen until one stops; the owner's access log
shows who read which record and for whom; a record's history replays it at any change."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import open_case, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")


def test_the_owner_acts_as_a_provider_and_reads_the_access_log_and_a_history(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    ana = person(api, p, "Ana", "Ruiz")  # type: ignore[arg-type]
    open_case(api, p, "individual", [ana])  # type: ignore[arg-type]
    assert api.post(f"/people/{ana}/change-notes", json={"notes": "Mornings"}).is_success
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    # Acting: the banner stays on every screen until the owner stops.
    page.get_by_role("link", name="Act as a provider").click()
    expect(page.get_by_role("heading", name="Act as a provider")).to_be_visible()
    check_screen(page, "staff-acting")
    page.get_by_role("button", name="Act as Jonah Clinician").click()
    banner = page.get_by_role("region", name="Acting as a provider")
    expect(banner).to_contain_text("You are acting as Jonah Clinician")
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("link", name="Ana Ruiz").click()
    expect(page.get_by_role("heading", name="Ana Ruiz")).to_be_visible()
    expect(banner).to_be_visible()
    expect(banner).to_be_in_viewport()
    page.get_by_role("textbox", name="Lifecycle status").click()
    page.get_by_role("option", name="Waitlist").click()
    expect(page.get_by_role("textbox", name="Lifecycle status")).to_have_value("Waitlist")
    page.mouse.wheel(0, 2000)
    expect(banner).to_be_in_viewport()  # it never scrolls away
    check_screen(page, "staff-acting-banner")
    banner.get_by_role("button", name="Stop acting").click()
    expect(banner).to_be_hidden()
    expect(page.get_by_role("heading", name="Ana Ruiz")).to_be_visible()

    # The access log: the owner's reads, and those made for Jonah while acting.
    page.get_by_role("link", name="Access log").click()
    log = page.get_by_role("table", name="Access log")
    acting_rows = log.get_by_role("row").filter(has_text="Jonah Clinician")
    expect(acting_rows.first).to_contain_text("Olive Owner")
    expect(acting_rows.first).to_contain_text("person")
    expect(log).to_contain_text("(America/New_York)")
    check_screen(page, "staff-access-log")
    tomorrow = (datetime.now(PRACTICE_ZONE).date() + timedelta(days=1)).isoformat()
    page.get_by_label("From (America/New_York)").fill(tomorrow)
    expect(page.get_by_text("No access recorded for this choice.")).to_be_visible()

    # The history of Ana's record: every change, who made it and for whom; replayed.
    page.goto(f"{service.base_url}/clients/people/{ana}")
    page.get_by_role("link", name="History of this record").click()
    expect(page.get_by_role("heading", name="Record history")).to_be_visible()
    assert "ana" not in page.url.lower() and page.title() == "Record history · PracticeRunner"
    changes = page.get_by_label("Changes")
    expect(changes).to_contain_text("1. Registered")
    expect(changes).to_contain_text("by Olive Owner for Jonah Clinician")
    state = page.get_by_role("table", name="State at that time")
    expect(state.get_by_role("row").filter(has_text="Status")).to_contain_text("waitlist")
    check_screen(page, "staff-history")
    page.get_by_role("button", name="View the record after change 1").click()
    expect(page.get_by_role("status").filter(has_text="after change 1")).to_be_visible()
    expect(state.get_by_role("row").filter(has_text="Status").first).to_contain_text("prospect")
    expect(changes).not_to_contain_text("Olive Owner for Jonah Clinician")
    page.get_by_role("button", name="Show as it is now").click()
    expect(changes).to_contain_text("for Jonah Clinician")

    yesterday = (datetime.now(PRACTICE_ZONE).date() - timedelta(days=1)).isoformat()
    page.get_by_label("As of date (America/New_York)").fill(yesterday)
    page.get_by_role("button", name="Show history").click()
    expect(page.get_by_role("alert")).to_contain_text("did not exist yet at that time")
