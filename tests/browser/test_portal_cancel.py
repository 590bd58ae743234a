"""A client signs in to the portal by the link emailed to them, sees what cancelling would come
to before confirming (a late cancellation warns of a fee; an early one is a planned absence with
the allowance left), cancels inside the allowance, and switches on their calendar feed; the
staff calendar then shows the appointment as a planned absence."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, expect

from practicerunner.commands.practice import practice
from practicerunner.domain.base import Actor
from tests.browser.browser import check_screen
from tests.browser.conftest import new_context
from tests.browser.service import Service
from tests.browser.staff import signed_in_owner
from tests.support.scheduling import book, open_case, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")
CLIENT_EMAIL = "casey.client@example.com"
OWNER_EMAIL = "owner@harbor-therapy.example"


def next_monday_at_ten() -> datetime:
    today = datetime.now(PRACTICE_ZONE).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime(monday.year, monday.month, monday.day, 10, 0, tzinfo=PRACTICE_ZONE)


@pytest.mark.parametrize("phone_zone", ["Asia/Tokyo"])
def test_a_client_cancels_inside_the_allowance_and_staff_see_a_planned_absence(
    service: Service, browser: Browser, phone_zone: str
) -> None:
    rt = service.runtime
    p = ready_practice(rt)  # planned absences on, 2 a year; late-cancel window 24 h
    ctx = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    values = {"allow_client_requests": True, "auto_accept_client_requests": True}
    practice.change_settings(practice.ChangeSettings(group="portal", values=values), ctx)
    api = service.api(p.tenant.token)
    client_id = person(api, p, "Casey", "Client")  # type: ignore[arg-type]
    case_id = open_case(api, p, "individual", [client_id])  # type: ignore[arg-type]
    monday = next_monday_at_ten()
    soon = (datetime.now(PRACTICE_ZONE) + timedelta(hours=3)).replace(
        minute=0, second=0, microsecond=0
    )
    for start in (monday, soon):
        booked = book(api, p, case_id, start.isoformat())  # type: ignore[arg-type]
        assert booked.status_code == 201, booked.text
    opened = api.post("/portal-accounts", json={"person_id": client_id, "email": CLIENT_EMAIL})
    assert opened.status_code == 201, opened.text
    service.caught_up()

    context = new_context(browser, phone_zone, phone=True)
    page = context.new_page()
    page.goto(f"{service.base_url}/o/harbor-therapy/")
    page.get_by_label("Your email address").fill(CLIENT_EMAIL)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("status").filter(has_text="Check your email")).to_be_visible()
    page.goto(service.emailed_link(CLIENT_EMAIL, "/o/harbor-therapy/enter/"))

    # The session in three hours: cancelling it would be late, and a fee may be charged.
    next_session = page.get_by_role("listitem", name="Next session")
    next_session.get_by_role("button", name="Cancel this appointment").click()
    warning = next_session.get_by_role("status").filter(has_text="If you cancel now")
    expect(warning).to_contain_text("This will be recorded as: Late cancellation.")
    expect(warning).to_contain_text("A fee may be charged")
    check_screen(page, f"portal-cancel-late-{phone_zone}")
    next_session.get_by_role("button", name="Keep the appointment").click()

    # Monday's, days ahead: a planned absence, one of two left afterwards.
    day = monday.strftime("%b %-d, %Y")
    later = page.get_by_role("list", name="Later appointments").get_by_role("listitem")
    monday_card = later.filter(has_text=f"{day}, 10:00 AM (America/New_York)")
    monday_card.get_by_role("button", name="Cancel this appointment").click()
    outcome = monday_card.get_by_role("status").filter(has_text="If you cancel now")
    expect(outcome).to_contain_text("This will be recorded as: Planned absence.")
    expect(outcome).to_contain_text(f"1 of 2 planned absences left for {monday.year} afterwards.")
    expect(outcome).not_to_contain_text("fee")
    check_screen(page, f"portal-cancel-{phone_zone}")
    monday_card.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("status").filter(has_text="Cancelled")).to_contain_text(
        "Planned absence"
    )

    # The calendar feed: switched on, its private address shown once, and it serves the ICS.
    feed = page.get_by_role("region", name="Calendar feed")
    feed.get_by_role("button", name="Switch on calendar feed").click()
    address = feed.get_by_role("textbox", name="Feed address")
    expect(address).to_have_value(re.compile(rf"^{re.escape(service.base_url)}/feeds/.+\.ics$"))
    url = address.input_value()
    check_screen(page, f"portal-calendar-feed-{phone_zone}")
    ics = httpx.get(url, timeout=10)
    assert ics.status_code == 200 and "BEGIN:VEVENT" in ics.text
    assert "Casey" not in ics.text  # a client's feed names the practice, not the person
    context.close()

    staff, staff_page = signed_in_owner(service, browser, "America/New_York", p.tenant, OWNER_EMAIL)
    staff_page.goto(f"{service.base_url}/calendar?view=week&date={monday.date().isoformat()}")
    cancelled = staff_page.locator(".fc-event").filter(has_text="10:00 - 10:50")
    expect(cancelled).to_contain_text("Planned absence")
    check_screen(staff_page, "staff-calendar-after-portal-cancel")
    staff.close()
