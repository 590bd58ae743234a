"""Staff on the calendar, in a browser near the practice and one far from it: book a weekly
series for a couple from a free slot, try a double booking and see what it clashes with, cancel
one occurrence as a planned absence (the outcome shown before confirming), move one "and all
following", and complete a group session with one participant absent. Times read the same in
both browsers: the practice's (America/New_York)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff import signed_in_owner
from tests.support.scheduling import Practice, book, open_case, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")
OWNER_EMAIL = "owner@harbor-therapy.example"
# One browser in the practice's zone, one 14 hours ahead of UTC (a day ahead most evenings).
ZONES = ["America/New_York", "Pacific/Kiritimati"]


def monday_in(weeks: int) -> date:
    today = datetime.now(PRACTICE_ZONE).date()
    return today + timedelta(days=7 * weeks - today.weekday())


def event(page: Page, starting: str) -> Locator:
    return page.locator(".fc-event").filter(has_text=re.compile(rf"^{starting}"))


def open_week(page: Page, service: Service, day: date) -> None:
    page.goto(f"{service.base_url}/calendar?view=week&date={day.isoformat()}")
    expect(page.get_by_role("heading", name="Calendar")).to_be_visible()
    expect(page.locator(f'th.fc-col-header-cell[data-date="{day.isoformat()}"]')).to_be_visible()
    page.wait_for_load_state("networkidle")


def click_slot(page: Page, day: date, time: str) -> None:
    """A click on the free slot at that practice time: the day's column, the time's row."""
    lane = page.locator(f'td.fc-timegrid-slot-lane[data-time="{time}:00"]')
    lane.scroll_into_view_if_needed()
    column = page.locator(f'td.fc-timegrid-col[data-date="{day.isoformat()}"]').bounding_box()
    row = lane.bounding_box()
    assert column and row
    page.mouse.click(column["x"] + column["width"] / 2, row["y"] + row["height"] / 2)


def arrange(service: Service) -> tuple[Practice, str, str]:
    p = ready_practice(service.runtime)  # planned absences on, 2 a year
    api = service.api(p.tenant.token)
    ana, ben = (person(api, p, g, "Alvarez") for g in ("Ana", "Ben"))  # type: ignore[arg-type]
    open_case(api, p, "couple", [ana, ben], title="Alvarez couple")  # type: ignore[arg-type]
    members = [person(api, p, g, "Group") for g in ("Cam", "Dee", "Eli")]  # type: ignore[arg-type]
    yesterday = datetime.now(PRACTICE_ZONE).date() - timedelta(days=1)
    group = open_case(
        api, p, "therapy_group", members, title="Tuesday group",  # type: ignore[arg-type]
        opened_on=(yesterday - timedelta(days=30)).isoformat(),
    )  # fmt: skip
    start = datetime(yesterday.year, yesterday.month, yesterday.day, 9, 0, tzinfo=PRACTICE_ZONE)
    r = book(api, p, group, start.isoformat(), service_id=p.group_service_id)  # type: ignore[arg-type]
    assert r.status_code == 201, r.text
    service.caught_up()
    return p, group, yesterday.isoformat()


@pytest.mark.parametrize("zone", ZONES)
def test_staff_book_a_weekly_series_refuse_a_clash_cancel_move_and_complete(
    service: Service, browser: Browser, zone: str
) -> None:
    p, _, yesterday = arrange(service)
    context, page = signed_in_owner(service, browser, zone, p.tenant, OWNER_EMAIL)
    first = monday_in(1)

    # Book a weekly series of four from the free slot at 10:00 practice time.
    open_week(page, service, first)
    expect(page.get_by_role("note")).to_have_text("Times in America/New_York")
    check_screen(page, f"staff-calendar-week-{zone}")
    click_slot(page, first, "10:00")
    dialog = page.get_by_role("dialog", name="New appointment")
    expect(dialog.get_by_label("Start time (America/New_York)")).to_have_value("10:00")
    expect(dialog.get_by_label("Date (America/New_York)")).to_have_value(first.isoformat())
    dialog.get_by_label("Case").select_option(label="Alvarez couple")
    dialog.get_by_label("Provider").select_option(label="Jonah Clinician")
    dialog.get_by_label("Service").select_option(label="Psychotherapy (50 min)")
    dialog.get_by_label("Location").select_option(label="Harbor Street office")
    dialog.get_by_label("Room").select_option(label="Bay Room")
    dialog.get_by_label("Repeats").select_option(label="Every week")
    dialog.get_by_label("Number of sessions").fill("4")
    expect(dialog.get_by_role("status")).to_contain_text("10:00 AM (America/New_York)")
    check_screen(page, f"staff-calendar-book-{zone}")
    dialog.get_by_role("button", name="Book series").click()
    expect(dialog).to_be_hidden()
    expect(event(page, "10:00 - 10:50")).to_contain_text("Ana Alvarez")

    # The same provider at an overlapping time: refused, saying what it clashes with.
    page.get_by_role("button", name="New appointment").click()
    dialog = page.get_by_role("dialog", name="New appointment")
    dialog.get_by_label("Case").select_option(label="Tuesday group")
    dialog.get_by_label("Provider").select_option(label="Jonah Clinician")
    dialog.get_by_label("Date (America/New_York)").fill(first.isoformat())
    dialog.get_by_label("Start time (America/New_York)").fill("10:30")
    dialog.get_by_role("button", name="Book appointment").click()
    refusal = dialog.get_by_role("alert")
    expect(refusal).to_contain_text("That time is already taken")
    expect(refusal.get_by_role("list", name="Clashes")).to_contain_text(
        f"The provider is busy {first:%a %d %b %Y} 10:00-10:50"
    )
    check_screen(page, f"staff-calendar-double-booking-{zone}")
    dialog.get_by_role("button", name="Close", exact=True).click()

    # Cancel the second occurrence as a planned absence: the outcome shows before confirming.
    second = first + timedelta(days=7)
    open_week(page, service, second)
    event(page, "10:00 - 10:50").click()
    dialog = page.get_by_role("dialog", name="Appointment")
    expect(dialog).to_contain_text(f"{second:%a, %b %-d, %Y}, 10:00 AM (America/New_York)")
    dialog.get_by_role("button", name="Cancel appointment").click()
    outcome = dialog.get_by_role("status", name="Cancellation outcome")
    expect(outcome).to_contain_text("This will be recorded as: Planned absence.")
    expect(outcome).to_contain_text(re.compile(r"1 of 2 planned absences left for \d{4}"))
    check_screen(page, f"staff-calendar-cancel-{zone}")
    dialog.get_by_role("button", name="Confirm cancellation").click()
    expect(dialog.get_by_text("Planned absence", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Close dialog").click()
    expect(event(page, "10:00 - 10:50")).to_contain_text("Planned absence")

    # Move the third occurrence to 14:00, and all following with it.
    third = second + timedelta(days=7)
    open_week(page, service, third)
    event(page, "10:00 - 10:50").click()
    dialog = page.get_by_role("dialog", name="Appointment")
    dialog.get_by_role("button", name="Reschedule").click()
    dialog.get_by_label("New start time (America/New_York)").fill("14:00")
    dialog.get_by_label("This and all following").check()
    dialog.get_by_role("button", name="Save new time").click()
    expect(dialog.get_by_role("button", name="Save new time")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(event(page, "14:00 - 14:50")).to_contain_text("Ana Alvarez")
    expect(event(page, "10:00 - 10:50")).to_have_count(0)
    open_week(page, service, third + timedelta(days=7))
    expect(event(page, "14:00 - 14:50")).to_contain_text("Ana Alvarez")

    # Complete yesterday's group session with one member absent.
    page.goto(f"{service.base_url}/calendar?view=day&date={yesterday}")
    event(page, "09:00 - 10:30").click()
    dialog = page.get_by_role("dialog", name="Appointment")
    dialog.get_by_role("button", name="Complete").click()
    attendance = dialog.get_by_role("table", name="Attendance")
    expect(attendance.get_by_role("row")).to_have_count(4)  # a header and three members
    attendance.get_by_role("row").filter(has_text="Dee Group").get_by_label("Absent").check()
    check_screen(page, f"staff-calendar-complete-{zone}")
    dialog.get_by_role("button", name="Complete session").click()
    expect(dialog.get_by_text("Completed", exact=True)).to_be_visible()
    expect(dialog.get_by_role("table", name="Appointment details")).to_contain_text("1 absent")
    page.keyboard.press("Escape")
    expect(event(page, "09:00 - 10:30")).to_contain_text("Completed")

    page.goto(f"{service.base_url}/calendar?view=month&date={first.isoformat()}")
    expect(page.locator(".fc-daygrid-event").first).to_be_visible()
    check_screen(page, f"staff-calendar-month-{zone}")
    context.close()
