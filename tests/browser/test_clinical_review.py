"""An associate writes a session's note in the browser (autosaved), submits it; the owner, as
the associate's default supervisor, sees it under Needs Attention on the home screen, opens it
from the review queue and co-signs it, and the count drops; the associate then adds a dated
addendum to the signed note."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from practicerunner.commands.practice import catalog
from practicerunner.commands.practice.staff import InviteStaff, invite_staff
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Plan, Role
from tests.browser.browser import check_screen
from tests.browser.service import Service
from tests.browser.staff import joined_staff
from tests.support.passkeys import invite_owner
from tests.support.tenants import open_tenant

PRACTICE_ZONE = ZoneInfo("America/New_York")  # open_tenant's practice
OWNER_EMAIL = "owner@solo-therapy.example"
ASSOCIATE_EMAIL = "ada.associate@solo-therapy.example"


def a_session_that_just_ended_today() -> datetime:
    """Two hours ago, or the practice's midnight if that was yesterday: the session must
    have started for its note to begin, and be today to be on the home screen."""
    now = datetime.now(PRACTICE_ZONE).replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    return max(now - timedelta(hours=2), midnight)


def test_an_associate_s_note_is_co_signed_from_the_review_queue_and_attention_drops(
    service: Service, browser: Browser, zone: str
) -> None:
    rt = service.runtime
    tenant = open_tenant(rt, "solo-therapy", plan=Plan.PROFESSIONAL)
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    video = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    therapy = catalog.add_service(
        catalog.AddService(name="Therapy", cpt_code="90834", duration_minutes=50, fee_cents=100),
        ctx,
    )
    associate = str(
        invite_staff(
            InviteStaff(
                email=ASSOCIATE_EMAIL, given_name="Ada", family_name="Associate",
                role=Role.ASSOCIATE,
            ),
            ctx,
        ).id
    )  # fmt: skip
    invite_owner(rt, tenant)
    rt.settle()
    api = service.api(tenant.token)
    client = api.post("/people", json={"given_name": "Sam", "family_name": "Client"})
    assert client.status_code == 201, client.text
    case = api.post(
        "/cases",
        json={"kind": "individual", "participant_ids": [client.json()["id"]],
              "provider_ids": [associate]},
    )  # fmt: skip
    assert case.status_code == 201, case.text
    booked = api.post(
        "/appointments",
        json={"case_id": case.json()["id"], "provider_id": associate,
              "service_id": str(therapy.id), "location_id": str(video.id),
              "start": a_session_that_just_ended_today().isoformat()},
    )  # fmt: skip
    assert booked.status_code == 201, booked.text
    completed = api.post(f"/appointments/{booked.json()['id']}/complete", json={})
    assert completed.status_code == 200, completed.text
    service.caught_up()

    # The associate opens the session's note from the home screen and writes it.
    ada_context, ada = joined_staff(service, browser, ASSOCIATE_EMAIL, zone)
    ada.get_by_role("table", name="Today's appointments").get_by_role(
        "link", name="Session note"
    ).click()
    expect(ada.get_by_role("heading", name="Session note")).to_be_visible()
    assert ada.title() == "Session note · PracticeRunner"  # no client name in the title
    ada.get_by_role("button", name="Start the note").click()
    ada.get_by_role("textbox", name="Subjective", exact=True).fill(
        "Slept better this week; fewer panic episodes."
    )
    ada.get_by_role("textbox", name="Assessment", exact=True).fill("Improving.")
    ada.get_by_role("textbox", name="Plan", exact=True).fill("Weekly sessions; practise breathing.")
    expect(ada.get_by_role("status").filter(has_text="All changes saved")).to_be_visible()
    check_screen(ada, "staff-note-editor")
    ada.reload()  # autosaved: the text is still there
    expect(ada.get_by_role("textbox", name="Plan", exact=True)).to_have_value(
        "Weekly sessions; practise breathing."
    )
    ada.get_by_role("button", name="Submit for review").click()
    expect(ada.get_by_text("Waiting for review").first).to_be_visible()
    expect(ada.get_by_role("textbox", name="Plan", exact=True)).to_have_count(
        0
    )  # no longer editable
    check_screen(ada, "staff-note-submitted")

    # The owner (the associate's default supervisor) sees it under Needs Attention.
    owner_context, owner = joined_staff(service, browser, OWNER_EMAIL, zone)
    by_type = owner.get_by_role("list", name="Open items by type")
    expect(by_type).to_contain_text("Note to review1")
    check_screen(owner, "staff-home-needs-attention")
    owner.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    queue = owner.get_by_role("table", name="Notes waiting for review")
    expect(queue).to_contain_text("Ada Associate")
    check_screen(owner, "staff-review-queue")
    queue.get_by_role("link", name="Progress note").click()
    review = owner.get_by_role("region", name="Progress note")
    expect(review).to_contain_text("Slept better this week; fewer panic episodes.")
    check_screen(owner, "staff-review-note")
    review.get_by_role("button", name="Co-sign").click()
    expect(owner.get_by_text("No notes are waiting for your co-signature.")).to_be_visible()

    # Back home, the count has dropped (the panel polls with If-None-Match).
    owner.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    panel = owner.get_by_role("region", name="Needs attention")
    expect(panel).to_contain_text("Nothing needs your attention.", timeout=30_000)
    check_screen(owner, "staff-home-attention-cleared")

    # The signed note takes a dated addendum and nothing else.
    ada.reload()
    expect(ada.get_by_text("co-signed by Olive Owner")).to_be_visible()
    ada.get_by_label("New addendum").fill("Client called: sleeping well.")
    ada.get_by_role("button", name="Add addendum").click()
    expect(ada.get_by_role("list", name="Addenda")).to_contain_text("Client called: sleeping well.")
    check_screen(ada, "staff-note-signed")
    owner_context.close()
    ada_context.close()
