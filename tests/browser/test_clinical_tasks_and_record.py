"""The owner works through a client's page: the workflow summary at the top says where they
stand (as the service decides it), its link opens the task list filtered to that client, a
task there is commented on, resolved and reopened, a new one is written for the billing role;
then the case's clinical tab takes a diagnosis and a treatment plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, expect

from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff import joined_staff
from tests.support.passkeys import invite_owner
from tests.support.tenants import open_tenant

OWNER_EMAIL = "owner@harbor-therapy.example"
STATES = {"ready_to_schedule": "Ready to schedule", "needs_attention": "Needs attention"}


def test_a_client_s_workflow_tasks_and_clinical_record_in_the_browser(
    service: Service, browser: Browser, zone: str
) -> None:
    rt = service.runtime
    tenant = open_tenant(rt)
    invite_owner(rt, tenant)
    api = service.api(tenant.token)
    person = api.post("/people", json={"given_name": "Sam", "family_name": "Client"}).json()["id"]
    case = api.post(
        "/cases",
        json={"kind": "individual", "participant_ids": [person], "provider_ids": [tenant.owner_id]},
    ).json()["id"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    for title, about in [("Call Sam about the intake form", True), ("Order printer paper", False)]:
        made = api.post(
            "/tasks",
            json={"title": title, "assignee": {"kind": "staff", "id": tenant.owner_id},
                  "due_at": tomorrow, **({"person_id": person, "case_id": case} if about else {})},
        )  # fmt: skip
        assert made.status_code == 201, made.text
    service.caught_up()
    expected = api.get(f"/people/{person}/workflow").json()

    context, page = joined_staff(service, browser, OWNER_EMAIL, zone)
    page.goto(f"{service.base_url}/clients/people/{person}")
    summary = page.get_by_role("region", name="Where things stand")
    expect(summary).to_contain_text(f"Next step: {expected['next_step']}")
    expect(summary).to_contain_text(STATES[expected["workflow_state"]])
    expect(summary.get_by_role("list", name="Open items")).to_contain_text(
        "Call Sam about the intake form"
    )
    assert "Sam" not in page.title()
    check_screen(page, "staff-person-workflow")

    summary.get_by_role("link", name="All tasks about this client").click()
    tasks = page.get_by_role("table", name="Tasks")
    expect(tasks).to_contain_text("Call Sam about the intake form")
    expect(tasks).not_to_contain_text("Order printer paper")
    assert "Sam" not in page.url  # the filter names the client by id only
    check_screen(page, "staff-tasks-for-a-client")

    tasks.get_by_role("button", name="Call Sam about the intake form").click()
    drawer = page.get_by_role("dialog", name="Task")
    drawer.get_by_label("Add a comment").fill("Left a voicemail.")
    drawer.get_by_role("button", name="Comment").click()
    expect(drawer.get_by_role("list", name="Comments")).to_contain_text("Left a voicemail.")
    drawer.get_by_label("Resolution (optional)").fill("Form received.")
    drawer.get_by_role("button", name="Resolve").click()
    expect(drawer.get_by_role("button", name="Reopen")).to_be_visible()
    expect(drawer).to_contain_text("Form received.")
    check_screen(page, "staff-task-resolved")
    drawer.get_by_role("button", name="Reopen").click()
    expect(drawer.get_by_role("button", name="Resolve")).to_be_visible()
    drawer.get_by_role("button", name="Close the task").click()

    page.get_by_role("button", name="New task").click()
    dialog = page.get_by_role("dialog", name="New task")
    dialog.get_by_label("What needs doing").fill("Check Sam's insurance card")
    dialog.get_by_role("textbox", name="Assign to").click()
    page.get_by_role("option", name="Role: Billing").click()
    check_screen(page, "staff-new-task")
    dialog.get_by_role("button", name="Create task").click()
    expect(tasks).to_contain_text("Check Sam's insurance card")
    expect(tasks).to_contain_text("Billing (role)")

    page.goto(f"{service.base_url}/clients/cases/{case}")
    diagnoses = page.get_by_role("region", name="Diagnoses")
    diagnoses.get_by_label("ICD-10 code").fill("41.1")
    diagnoses.get_by_role("button", name="Record diagnosis").click()
    expect(diagnoses).to_contain_text("An ICD-10 code looks like F41.1")  # the service's words
    diagnoses.get_by_label("ICD-10 code").fill("F41.1")
    diagnoses.get_by_role("button", name="Record diagnosis").click()
    expect(diagnoses.get_by_role("table", name="Diagnoses")).to_contain_text("F41.1")
    plan = page.get_by_role("region", name="Treatment plan")
    plan.get_by_role("button", name="Write a plan").click()
    plan.get_by_role("textbox", name="Goal 1", exact=True).fill("Fewer panic attacks")
    plan.get_by_label("Objectives for goal 1").fill("Breathing practice daily\nTrack episodes")
    plan.get_by_label("Review on").fill("2027-03-01")
    plan.get_by_role("button", name="Save the plan").click()
    goals = plan.get_by_role("list", name="Goals")
    expect(goals).to_contain_text("Fewer panic attacks")
    expect(goals).to_contain_text("Track episodes")
    expect(page.get_by_role("region", name="Notes")).to_contain_text("No notes yet.")
    check_screen(page, "staff-case-clinical")
    context.close()
