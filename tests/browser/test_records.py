"""Clients and cases in the browser: staff register people, open a couple case with both
partners and a provider, find people by name prefix and exact email, see a person's cases,
relationships and appointments, and a change someone else made meanwhile is refused plainly."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import book, person, ready_practice

PRACTICE_ZONE = ZoneInfo("America/New_York")


def choose_person(page: Page, label: str, typed: str, name: str) -> None:
    page.get_by_role("textbox", name=label).fill(typed)
    page.get_by_role("option", name=name).click()


def test_staff_register_people_and_open_a_couple_case(service: Service, page: Page) -> None:
    p = ready_practice(service.runtime)
    owner_signed_in(service, page, p.tenant)

    page.get_by_role("link", name="Clients").click()
    expect(page.get_by_text("No clients yet")).to_be_visible()
    assert page.title() == "Clients · PracticeRunner"
    check_screen(page, "staff-clients-empty")

    # A person, with the form's own checks first, then saved.
    page.get_by_role("link", name="New person").click()
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_text("Enter a first name")).to_be_visible()
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Ruiz")
    page.get_by_label("Email").fill("ana@")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_text("Enter an email address such as name@example.com")).to_be_visible()
    check_screen(page, "staff-new-person")
    page.get_by_label("Email").fill("ana.ruiz@example.com")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", name="Ana Ruiz")).to_be_visible()
    assert page.title() == "Client · PracticeRunner"  # the name is on the page, not in the title
    assert "ana" not in page.url.lower() and "ruiz" not in page.url.lower()

    api = service.api(p.tenant.token)
    person(api, p, "Ben", "Okafor")  # type: ignore[arg-type]

    # A couple case: both partners, a label, a provider.
    page.get_by_role("link", name="Cases").click()
    page.get_by_role("link", name="New case").click()
    page.get_by_role("radio", name="Couple").check()
    page.get_by_label(re.compile("^Label")).fill("Ana and Ben, partners")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_text("Add at least one participant")).to_be_visible()
    choose_person(page, "Add a participant", "Ana", "Ana Ruiz")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_text("A couple case has two participants")).to_be_visible()
    choose_person(page, "Add a participant", "ok", "Ben Okafor")
    expect(page.get_by_text("Couple cases have at most 2 participants.")).to_be_visible()
    page.get_by_role("textbox", name="Providers").fill("Jon")
    page.get_by_role("option", name="Jonah Clinician").click()
    page.keyboard.press("Escape")
    check_screen(page, "staff-new-case")
    page.get_by_role("button", name="Open case").click()

    expect(page.get_by_role("heading", name="Ana and Ben, partners")).to_be_visible()
    assert page.title() == "Case · PracticeRunner"
    participants = page.get_by_role("table", name="Participants")
    expect(participants.get_by_role("row")).to_have_count(3)
    expect(participants).to_contain_text("Ana Ruiz")
    expect(participants).to_contain_text("Ben Okafor")
    expect(page.get_by_role("list", name="Providers")).to_contain_text("Jonah Clinician")
    year = datetime.now(PRACTICE_ZONE).year
    expect(page.get_by_label("Allowance used")).to_have_text(
        f"0 of 2 planned absences used in {year} (the practice default); 2 left."
    )
    case_id = page.url.rstrip("/").split("/")[-1]

    # An appointment shows on the case in practice time, zone named.
    today = datetime.now(PRACTICE_ZONE).date()
    monday = today + timedelta(days=7 - today.weekday())
    starts = datetime(monday.year, monday.month, monday.day, 10, 0, tzinfo=PRACTICE_ZONE)
    booked = book(api, p, case_id, starts.isoformat())  # type: ignore[arg-type]
    assert booked.status_code == 201, booked.text
    service.caught_up()
    page.reload()
    upcoming = page.get_by_role("table", name="Upcoming appointments")
    expect(upcoming).to_contain_text("10:00 AM (America/New_York)")
    expect(upcoming).to_contain_text("Psychotherapy")
    check_screen(page, "staff-case")

    # The cases list, filtered by kind.
    page.get_by_role("link", name="Cases", exact=True).click()
    expect(page.get_by_role("table", name="Cases")).to_contain_text("Ana and Ben, partners")
    check_screen(page, "staff-cases")

    # Finding people: a name prefix, an exact email, a status with nobody in it.
    page.get_by_role("link", name="Clients", exact=True).click()
    people = page.get_by_role("table", name="People")
    expect(people.get_by_role("row")).to_have_count(3)
    page.get_by_label("Search").fill("oka")
    expect(people.get_by_role("row")).to_have_count(2)
    expect(people).to_contain_text("Ben Okafor")
    page.get_by_label("Search").fill("ANA.RUIZ@example.com")
    expect(page.get_by_text("people with exactly this email address")).to_be_visible()
    expect(people.get_by_role("row")).to_have_count(2)
    expect(people).to_contain_text("Ana Ruiz")
    check_screen(page, "staff-clients")
    page.get_by_label("Search").fill("")
    page.get_by_role("textbox", name="Status").click()
    page.get_by_role("option", name="Archived").click()
    expect(page.get_by_text("Nobody matches this search.")).to_be_visible()
    assert "ana" not in page.url.lower()

    # The person's page: their case and appointment, and a relationship added.
    page.get_by_role("textbox", name="Status").click()
    page.get_by_role("option", name="Active", exact=True).click()
    people.get_by_role("link", name="Ana Ruiz").click()
    expect(page.get_by_role("table", name="Cases")).to_contain_text("Ana and Ben, partners")
    expect(page.get_by_role("table", name="Upcoming appointments")).to_contain_text("10:00–10:50")
    choose_person(page, "Related person", "Ben", "Ben Okafor")
    page.get_by_role("textbox", name="Relationship").click()
    page.get_by_role("option", name="Partner").click()
    page.get_by_role("button", name="Add relationship").click()
    expect(page.get_by_role("table", name="Relationships")).to_contain_text("Ben Okafor")
    check_screen(page, "staff-person")


def test_a_change_made_elsewhere_meanwhile_is_refused_plainly(service: Service, page: Page) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    ana = person(api, p, "Ana", "Ruiz")  # type: ignore[arg-type]
    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/clients/people/{ana}")
    page.get_by_role("button", name="Edit contact details").click()

    changed = api.post(f"/people/{ana}/change-notes", json={"notes": "Prefers mornings."})
    assert changed.status_code == 200, changed.text
    service.caught_up()

    page.get_by_label("Primary phone").fill("555-0100")
    page.get_by_role("button", name="Save contact details").click()
    alert = page.get_by_role("alert").filter(has_text="This was changed by someone else")
    expect(alert).to_be_visible()
    check_screen(page, "staff-person-changed-elsewhere")
    alert.get_by_role("button", name="Reload").click()
    expect(alert).to_be_hidden()
    page.get_by_role("button", name="Save contact details").click()
    expect(page.get_by_role("list", name="Phone numbers")).to_contain_text("555-0100")


def test_a_consultation_group_with_a_sponsor_that_pays_entered_from_the_keyboard(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    ana = person(api, p, "Ana", "Ruiz")  # type: ignore[arg-type]
    for given, family in (("Ben", "Okafor"), ("Cy", "Lund")):
        person(api, p, given, family)  # type: ignore[arg-type]
    service.caught_up()
    owner_signed_in(service, page, p.tenant)

    # The sponsor, registered with the keyboard alone: arrows pick the kind, Enter saves.
    page.goto(f"{service.base_url}/clients/people/new")
    page.get_by_role("radio", name="A person").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="An organisation")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Organisation name")).to_be_focused()
    page.keyboard.type("Acme Leadership")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Acme Leadership")).to_be_visible()

    # From Ana's page, a consultation group she starts in, with two more and the sponsor paying.
    page.goto(f"{service.base_url}/clients/people/{ana}")
    page.get_by_role("link", name="Open a case").click()
    expect(page.get_by_role("list", name="Participants")).to_contain_text("Ana Ruiz")
    page.get_by_role("radio", name="Consultation group").check()
    expect(page.get_by_text("Consultation and workshop cases have no diagnosis")).to_be_visible()
    page.get_by_label("Label (optional)").fill("Leadership circle")
    choose_person(page, "Add a participant", "Ben", "Ben Okafor")
    choose_person(page, "Add a participant", "Cy", "Cy Lund")
    choose_person(page, "Billing contact (when someone else pays)", "Acme", "Acme Leadership")
    page.get_by_role("button", name="Open case").click()

    expect(page.get_by_role("heading", name="Leadership circle")).to_be_visible()
    expect(page.get_by_text("consultation: invoices and receipts, no diagnosis")).to_be_visible()
    participants = page.get_by_role("table", name="Participants")
    expect(participants.get_by_role("row")).to_have_count(4)
    expect(page.get_by_text("Billing contact for the case", exact=True)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Acme Leadership")).to_be_visible()

    # Cy leaves: the row keeps their join date and shows the day they left.
    participants.get_by_role("button", name="Remove Cy Lund").click()
    cy = participants.get_by_role("row").filter(has_text="Cy Lund")
    expect(cy.get_by_role("cell").nth(2)).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    expect(cy.get_by_role("button", name="Remove Cy Lund")).to_be_hidden()
    check_screen(page, "staff-case-consultation-group")
