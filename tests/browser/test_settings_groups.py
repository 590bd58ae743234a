"""The settings groups that are plain values, in the browser: the owner lets clients cancel in
the portal and switches client calendar feeds off, tightens the idle timeouts (a value out of
range is refused next to its field), sets up monthly superbills and telehealth coding, and
stops refusing duplicate email addresses, then duplicate names with one date of birth; a change
someone else made meanwhile is shown plainly and the form reloads with it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff_session import owner_signed_in
from tests.support.scheduling import ready_practice


def test_the_owner_changes_portal_security_documents_and_contacts_settings(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    owner_signed_in(service, page, p.tenant)
    page.get_by_role("link", name="Settings").click()

    # Client portal: cancelling needs both switches; the second waits for the first.
    page.get_by_role("link", name="Client portal").click()
    expect(page.get_by_role("heading", name="Client portal settings")).to_be_visible()
    expect(page.get_by_role("switch", name="Clients may sign in to the portal")).to_be_checked()
    requests = page.get_by_role("switch", name="Clients may send requests from the portal")
    accept = page.get_by_role("switch", name="Accept clients' requests without staff review")
    save = page.get_by_role("button", name="Save portal settings")
    expect(requests).not_to_be_checked()
    expect(accept).to_be_disabled()
    expect(save).to_be_disabled()  # nothing changed yet
    requests.check()
    accept.check()
    page.get_by_role("switch", name="Clients may switch on a calendar feed").uncheck()
    save.click()
    expect(page.get_by_role("status").filter(has_text="Settings saved")).to_be_visible()
    expect(save).to_be_disabled()
    check_screen(page, "staff-settings-portal")
    portal = api.get("/practice").json()["settings"]["portal"]
    assert portal["allow_client_requests"] is True
    assert portal["auto_accept_client_requests"] is True
    assert portal["client_calendar_feeds"] is False

    # Security: the service's bounds, shown next to the field, then a tighter timeout.
    page.get_by_role("link", name="Security").click()
    staff_idle = page.get_by_label("Staff are signed out after this many idle minutes")
    expect(staff_idle).to_have_value("30")
    staff_idle.fill("2")
    page.get_by_role("button", name="Save security settings").click()
    expect(staff_idle).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("must be between 5 and 720")).to_be_visible()
    check_screen(page, "staff-settings-security-refused")
    staff_idle.fill("20")
    page.get_by_label("Every session ends after this many hours, active or not").fill("8")
    page.get_by_role("button", name="Save security settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved")).to_be_visible()
    check_screen(page, "staff-settings-security")
    security = api.get("/practice").json()["settings"]["security"]
    assert security["staff_idle_timeout_minutes"] == 20
    assert security["absolute_session_hours"] == 8
    assert security["portal_idle_timeout_minutes"] == 15  # untouched

    # Documents and forms: the monthly day waits for monthly superbills.
    page.get_by_role("link", name="Documents and forms").click()
    day = page.get_by_label("Day of the month they are made")
    expect(day).to_be_disabled()
    page.get_by_role("switch", name="Make each client's superbill for the month before").check()
    day.fill("5")
    page.get_by_label("02: telehealth elsewhere").check()
    page.get_by_label("Move printed claim data down by (points)").fill("-6")
    page.get_by_role("button", name="Save documents settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved")).to_be_visible()
    check_screen(page, "staff-settings-documents")
    docs = api.get("/practice").json()["settings"]["documents_forms"]
    assert docs["monthly_superbills"] is True
    assert docs["monthly_superbill_day"] == 5
    assert docs["telehealth_place_of_service"] == "02"
    assert docs["claim_offset_y_points"] == -6

    # Contacts: while on, a second person with an address on file is refused; then not.
    person = {"given_name": "Sam", "family_name": "Client"}
    emails = {"emails": [{"address": "sam@example.com", "primary": True}]}
    assert api.post("/people", json={**person, **emails}).status_code == 201
    assert api.post("/people", json={**person, "given_name": "Pat", **emails}).status_code == 409
    page.get_by_role("link", name="Contacts").click()
    dedupe = page.get_by_role("switch", name="One person per email address")
    expect(dedupe).to_be_checked()
    dedupe.uncheck()
    page.get_by_role("button", name="Save contacts settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved")).to_be_visible()
    check_screen(page, "staff-settings-contacts")
    assert api.get("/practice").json()["settings"]["contacts"]["dedupe_by_email"] is False
    assert api.post("/people", json={**person, "given_name": "Pat", **emails}).status_code == 201

    # ...and a second person with a name and date of birth on file, until that is off too.
    born = {**person, "birth_date": "1990-04-01"}
    assert api.post("/people", json=born).status_code == 201
    assert api.post("/people", json=born).status_code == 409
    by_name = page.get_by_role("switch", name="One person per name and date of birth")
    expect(by_name).to_be_checked()
    by_name.uncheck()
    page.get_by_role("button", name="Save contacts settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved")).to_be_visible()
    assert api.post("/people", json=born).status_code == 201


def test_a_settings_change_made_elsewhere_meanwhile_is_shown_and_reloaded(
    service: Service, page: Page
) -> None:
    p = ready_practice(service.runtime)
    api = service.api(p.tenant.token)
    owner_signed_in(service, page, p.tenant)
    page.goto(f"{service.base_url}/settings/security")
    portal_idle = page.get_by_label("Clients are signed out of the portal after this many idle")
    expect(portal_idle).to_have_value("15")

    # Someone else changes the practice after this page read it.
    version = api.get("/practice").json()["version"]
    answer = api.post(
        "/practice/change-settings",
        json={"group": "security", "values": {"portal_idle_timeout_minutes": 10}},
        headers={"If-Match": f'"{version}"'},
    )
    assert answer.status_code == 200, answer.text

    portal_idle.fill("25")
    page.get_by_role("button", name="Save security settings").click()
    changed = page.get_by_role("alert").filter(has_text="This was changed by someone else")
    expect(changed).to_be_visible()
    changed.get_by_role("button", name="Reload").click()
    expect(portal_idle).to_have_value("10")
    assert api.get("/practice").json()["settings"]["security"]["portal_idle_timeout_minutes"] == 10
