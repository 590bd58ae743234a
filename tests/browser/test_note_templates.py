"""The owner adds fields to the practice's note templates from Settings: a choice field on the
progress note and a per-participant field on the group note; the table shows them beside the
built-in fields, the template a new note is written from names them, and a retired field
leaves it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff import joined_staff
from tests.support.passkeys import invite_owner
from tests.support.tenants import open_tenant

OWNER_EMAIL = "owner@harbor-therapy.example"


def test_the_owner_adds_and_retires_note_template_fields(
    service: Service, browser: Browser, zone: str
) -> None:
    rt = service.runtime
    tenant = open_tenant(rt)
    invite_owner(rt, tenant)
    api = service.api(tenant.token)
    built_in = [f["label"] for f in api.get("/note-template?kind=progress").json()["fields"]]

    context, page = joined_staff(service, browser, OWNER_EMAIL, zone)
    page.goto(f"{service.base_url}/settings")
    page.get_by_role("navigation", name="Settings sections").get_by_role(
        "link", name="Note templates"
    ).click()
    expect(page).to_have_title("Note templates · PracticeRunner")
    table = page.get_by_role("table", name="Fields of a progress note")
    for label in built_in:
        expect(table).to_contain_text(label)
    expect(table.get_by_role("button", name="Retire")).to_have_count(0)  # built in: they stay

    form = page.get_by_role("region", name="Add a field to the progress note")
    form.get_by_label("Label").fill("Session format")
    expect(form).to_contain_text("Stored as session_format")
    form.get_by_role("textbox", name="Answer").click()
    page.get_by_role("option", name="A choice of answers").click()
    form.get_by_label("Choices").fill("In person\nVideo\nPhone")
    form.get_by_label("Required before signing").check()
    form.get_by_role("button", name="Add field").click()
    row = table.get_by_role("row").filter(has_text="Session format")
    expect(row).to_contain_text("In person · Video · Phone")
    expect(row).to_contain_text("Added by the practice")
    expect(row).to_contain_text("Required")
    expect(form.get_by_label("Label")).to_have_value("")
    check_screen(page, "staff-note-templates")

    # The same key twice is the service's refusal, in its own words.
    form.get_by_label("Label").fill("Session format")
    form.get_by_role("textbox", name="Answer").click()
    page.get_by_role("option", name="One line").click()
    form.get_by_role("button", name="Add field").click()
    expect(form.get_by_role("alert")).to_contain_text("already has a field")

    page.get_by_text("Group note", exact=True).click()  # the segment's label
    group = page.get_by_role("table", name="Fields of a group note")
    group_form = page.get_by_role("region", name="Add a field to the group note")
    group_form.get_by_label("Label").fill("Participation")
    group_form.get_by_label("One answer per participant").check()
    group_form.get_by_role("button", name="Add field").click()
    expect(group.get_by_role("row").filter(has_text="Participation")).to_contain_text(
        "Per participant"
    )
    expect(group).not_to_contain_text("Session format")

    fields = api.get("/note-template?kind=progress").json()["fields"]
    added = next(f for f in fields if f["key"] == "session_format")
    assert (added["input"], added["choices"], added["required"]) == (
        "choice", ["In person", "Video", "Phone"], True,
    )  # fmt: skip

    page.get_by_text("Progress note", exact=True).click()
    table.get_by_role("button", name="Retire Session format").click()
    expect(table).not_to_contain_text("Session format")
    assert "session_format" not in [
        f["key"] for f in api.get("/note-template?kind=progress").json()["fields"]
    ]
    context.close()
