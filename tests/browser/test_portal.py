"""A client signs in to the portal by the link emailed to them, sees their next session in the
practice's time whatever the phone's timezone, and adds a passkey for next time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.browser import add_virtual_authenticator, check_screen, stored_credentials
from tests.browser.conftest import BROWSER_ZONES, new_context
from tests.browser.service import Service
from tests.support.scheduling import book, open_case, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")  # the practice opened by ready_practice
CLIENT_EMAIL = "casey.client@example.com"


def next_monday_at_ten() -> datetime:
    today = datetime.now(PRACTICE_ZONE).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime(monday.year, monday.month, monday.day, 10, 0, tzinfo=PRACTICE_ZONE)


@pytest.mark.parametrize("phone_zone", BROWSER_ZONES)
def test_a_client_signs_in_by_emailed_link_and_sees_the_next_session_in_practice_time(
    service: Service, browser: Browser, phone_zone: str
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    client_id = person(api, p, "Casey", "Client")  # type: ignore[arg-type]
    case_id = open_case(api, p, "individual", [client_id])  # type: ignore[arg-type]
    starts = next_monday_at_ten()
    booked = book(api, p, case_id, starts.isoformat())  # type: ignore[arg-type]
    assert booked.status_code == 201, booked.text
    opened = api.post("/portal-accounts", json={"person_id": client_id, "email": CLIENT_EMAIL})
    assert opened.status_code == 201, opened.text
    service.caught_up()

    context = new_context(browser, phone_zone, phone=True)
    page = context.new_page()
    page.goto(f"{service.base_url}/o/harbor-therapy/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check_screen(page, "portal-sign-in")
    page.get_by_label("Your email address").fill(CLIENT_EMAIL)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("status").filter(has_text="Check your email")).to_be_visible()

    link = service.emailed_link(CLIENT_EMAIL, "/o/harbor-therapy/enter/")
    page.goto(link)
    next_session = page.get_by_role("listitem", name="Next session")
    expect(next_session).to_be_visible()
    assert "/enter/" not in page.url  # the one-time token leaves the address bar
    assert page.title() == "Your appointments · Harbor Therapy"
    day = starts.strftime("%b %-d, %Y")
    expect(next_session).to_contain_text(f"{day}, 10:00 AM (America/New_York)")
    expect(next_session).to_contain_text("10:00–10:50")
    check_screen(page, f"portal-appointments-{phone_zone}")

    cdp, authenticator = add_virtual_authenticator(context, page)
    page.get_by_label("Passkey name").fill("My phone")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("status").filter(has_text="Passkey added")).to_be_visible()
    assert len(stored_credentials(cdp, authenticator)) == 1

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("listitem", name="Next session")).to_be_visible()
    context.close()
