"""The workflow summary at the top of a person's page, through the HTTP API: a new prospect is
"ready to schedule", a prospect without contact details "intake incomplete", and each state
changes as soon as its cause is fixed; the lifecycle status moves on its own."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Plan, Role
from tests.support.clinical import Clinic, open_clinic
from tests.support.problems import refusal


def _summary(c: Clinic, who: str, person: str, after: str | None = None) -> dict:
    suffix = f"?after={after}" if after else ""
    r = c.get(who, f"/people/{person}/workflow{suffix}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_prospect_moves_from_intake_to_ready_to_scheduled_and_back_through_attention(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    jonah = c.hire("jonah", Role.PROVIDER)
    c.hire("sky", Role.SCHEDULER)
    person = c.ok("owner", "/people", {"given_name": "Sam", "family_name": "Rivera"})
    s = _summary(c, "owner", person["id"], person["position"])
    assert (s["lifecycle_status"], s["workflow_state"]) == ("prospect", "intake_incomplete")
    assert "email address or phone" in s["next_step"]
    assert [i["done"] for i in s["onboarding"]] == [False, False, False]

    fixed = c.ok(
        "owner",
        f"/people/{person['id']}/change-contact-details",
        {"emails": [{"address": "sam@example.com", "primary": True}]},
    )
    s = _summary(c, "owner", person["id"], fixed["position"])
    assert (s["lifecycle_status"], s["workflow_state"]) == ("prospect", "ready_to_schedule")
    assert s["next_step"] == "Open a case and book a first session."

    case = c.ok(
        "owner", "/cases",
        {"kind": "individual", "participant_ids": [person["id"]], "provider_ids": [jonah]},
    )["id"]  # fmt: skip
    c.idle()
    s = _summary(c, "owner", person["id"])
    assert s["workflow_state"] == "ready_to_schedule" and s["next_step"] == "Book a first session."
    start = clock.now() + timedelta(days=3)
    c.ok(
        "sky", "/appointments",
        {"case_id": case, "provider_id": jonah, "service_id": c.service_id,
         "location_id": c.location_id, "start": start.isoformat()},
    )  # fmt: skip
    c.idle()
    s = _summary(c, "owner", person["id"])
    # Booked: the state moves, the lifecycle status does not (they are independent).
    assert (s["lifecycle_status"], s["workflow_state"]) == ("prospect", "scheduled")
    assert s["next_appointment"]["case_id"] == case
    assert [i["done"] for i in s["onboarding"]] == [True, True, True]
    (per_case,) = s["cases"]
    assert per_case["workflow_state"] == "scheduled"
    assert per_case["billing_arrangement"] == {"payer": "client", "billing_contact_id": None}

    task = c.ok(
        "owner", "/tasks",
        {"title": "Ask for the referral letter", "assignee": {"kind": "role", "id": "scheduler"},
         "person_id": person["id"]},
    )["id"]  # fmt: skip
    c.idle()
    s = _summary(c, "sky", person["id"])
    assert s["workflow_state"] == "needs_attention"
    assert s["next_step"] == "Ask for the referral letter."
    assert [t["task_id"] for t in s["attention"]] == [task]
    assert s["cases"][0]["billing_arrangement"] is None  # a scheduler sees no billing
    c.ok("sky", f"/tasks/{task}/resolve", {})
    c.idle()
    assert _summary(c, "owner", person["id"])["workflow_state"] == "scheduled"

    c.ok("owner", f"/people/{person['id']}/change-status", {"status": "active"})
    c.idle()
    s = _summary(c, "owner", person["id"])
    assert (s["lifecycle_status"], s["workflow_state"]) == ("active", "scheduled")


def test_someone_else_paying_is_shown_and_a_stranger_s_summary_is_not_found(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    jonah = c.hire("jonah", Role.PROVIDER)
    c.hire("li", Role.PROVIDER)
    kid = c.ok("owner", "/people", {"given_name": "Kim", "family_name": "Lee",
                                    "phones": [{"number": "+12075550100"}]})["id"]  # fmt: skip
    gran = c.ok("owner", "/people", {"given_name": "Ruth", "family_name": "Lee",
                                     "contact_type": "contact"})["id"]  # fmt: skip
    c.ok(
        "owner", "/cases",
        {"kind": "individual", "participant_ids": [kid], "provider_ids": [jonah],
         "billing_contact_id": gran},
    )  # fmt: skip
    c.idle()
    (case,) = _summary(c, "jonah", kid)["cases"]
    assert case["billing_arrangement"] == {"payer": "billing_contact", "billing_contact_id": gran}
    assert _summary(c, "owner", gran)["workflow_state"] == "nothing_to_do"
    refusal(c.get("li", f"/people/{kid}/workflow"), 404, "not-found")
