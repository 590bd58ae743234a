"""Practice settings in the browser: the owner renames the practice, adds a room and a
service, changes a fee, invites staff and records a clinician's credentials, reads seats
against the plan, sets reminders and the late-cancel window, and issues, rotates and revokes
a provider's calendar feed (its address shown once, and working)."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import ready_practice


def test_the_owner_edits_practice_settings(service: Service, page: Page) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    owner_signed_in(service, page, p.tenant)

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Practice settings")).to_be_visible()
    page.get_by_label("Practice name").fill("Harbor Therapy Collective")
    page.get_by_label("Portal address").fill("Harbor Therapy")
    page.get_by_role("button", name="Save practice").click()
    expect(page.get_by_text("Lower-case letters, digits and single hyphens")).to_be_visible()
    page.get_by_label("Portal address").fill("harbor-therapy")
    page.get_by_role("button", name="Save practice").click()
    expect(page.get_by_role("banner")).to_contain_text("Harbor Therapy Collective")
    check_screen(page, "staff-settings-practice")

    # Locations and rooms.
    page.get_by_role("link", name="Locations and rooms").click()
    office = page.get_by_role("region", name="Harbor Street office")
    office.get_by_label("New room at Harbor Street office").fill("Quiet Room")
    office.get_by_role("button", name="Add room").click()
    expect(office).to_contain_text("Quiet Room")
    check_screen(page, "staff-settings-locations")

    # Services: a fee change and a new service with its CPT code.
    page.get_by_role("link", name="Services").click()
    page.get_by_label("Fee of Psychotherapy in dollars").fill("160")
    page.get_by_role("button", name="Save fee ($160.00)").click()
    expect(page.get_by_role("button", name="Save fee ($160.00)")).to_be_hidden()
    page.get_by_label("Service name").fill("Intake assessment")
    page.get_by_label("CPT code", exact=True).fill("90791")
    page.get_by_label("Fee (dollars)").fill("200.50")
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_role("table", name="Services")).to_contain_text("Intake assessment")
    check_screen(page, "staff-settings-services")
    services = {s["name"]: s for s in api.get("/services").json()["items"]}
    assert services["Psychotherapy"]["fee_cents"] == 16000
    assert services["Intake assessment"]["fee_cents"] == 20050
    assert services["Intake assessment"]["cpt_code"] == "90791"

    # Staff: an invitation, and a clinician's credentials (the form's check, then saved).
    page.get_by_role("link", name="Staff").click()
    invite = page.get_by_role("form", name="Invite a staff member")
    invite.get_by_label("First name").fill("Riley")
    invite.get_by_label("Last name").fill("Desk")
    invite.get_by_label("Work email").fill("riley@harbor-therapy.example")
    invite.get_by_role("textbox", name="Role").click()
    page.get_by_role("option", name="Scheduler").click()
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent")).to_be_visible()
    expect(page.get_by_role("table", name="Staff")).to_contain_text("riley@harbor-therapy.example")
    service.emailed_link("riley@harbor-therapy.example", "/join/")
    page.get_by_role("button", name="Credentials of Jonah Clinician").click()
    credentials = page.get_by_role("form", name="Credentials of Jonah Clinician")
    credentials.get_by_label("Credentials", exact=True).fill("LCSW")
    credentials.get_by_label("NPI").fill("123")
    credentials.get_by_role("button", name="Save credentials").click()
    expect(credentials.get_by_text("An NPI has 10 digits")).to_be_visible()
    credentials.get_by_label("NPI").fill("1234567893")
    credentials.get_by_role("button", name="Save credentials").click()
    expect(page.get_by_role("table", name="Staff")).to_contain_text("LCSW · NPI 1234567893")
    check_screen(page, "staff-settings-staff")

    # Plan and seats: the owner and two providers on Group, which includes two clinicians.
    page.get_by_role("link", name="Plan and seats").click()
    seats = page.get_by_role("table", name="Seats")
    expect(seats.get_by_role("row").nth(1)).to_contain_text("3 (1 beyond the included, billed)")
    expect(seats.get_by_role("row").nth(3)).to_contain_text("1")  # the invited scheduler
    check_screen(page, "staff-settings-plan")

    # Reminders and the late-cancel window.
    page.get_by_role("link", name="Reminders and cancellations").click()
    when = page.get_by_label("When to remind")
    expect(when).to_have_value("24h, 2h")
    when.fill("tomorrow")
    expect(page.get_by_text("is not a time such as 24h")).to_be_visible()
    when.fill("48h, 2h")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_role("status").filter(has_text="Reminder settings saved")).to_be_visible()
    page.get_by_label("Late-cancellation window (hours before)").fill("48")
    page.get_by_role("button", name="Save cancellations").click()
    expect(
        page.get_by_role("status").filter(has_text="Cancellation settings saved")
    ).to_be_visible()
    check_screen(page, "staff-settings-reminders")
    settings = api.get("/practice").json()["settings"]
    assert settings["reminders"]["offsets_minutes"] == [2880, 120]
    assert settings["scheduling"]["late_cancel_window_hours"] == 48


def test_the_owner_issues_rotates_and_revokes_a_provider_calendar_feed(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/settings/feeds")
    feeds = page.get_by_role("table", name="Provider calendar feeds")
    jonah = feeds.get_by_role("row").filter(has_text="Jonah Clinician")
    expect(jonah).to_contain_text("Off")

    jonah.get_by_role("button", name="Issue feed for Jonah Clinician").click()
    address = page.get_by_label("Feed address", exact=True)
    expect(address).to_contain_text(f"{service.base_url}/feeds/")
    first = address.inner_text().strip()
    expect(jonah).to_contain_text("On")
    check_screen(page, "staff-settings-feeds")
    feed = httpx.get(first)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")

    jonah.get_by_role("button", name="Rotate feed of Jonah Clinician").click()
    expect(address).not_to_have_text(first)
    second = address.inner_text().strip()
    assert httpx.get(first).status_code == 404
    assert httpx.get(second).status_code == 200
    page.get_by_role("button", name="Done").click()
    expect(address).to_be_hidden()

    jonah.get_by_role("button", name="Revoke feed of Jonah Clinician").click()
    expect(jonah).to_contain_text("Off")
    assert httpx.get(second).status_code == 404
