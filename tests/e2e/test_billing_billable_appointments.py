"""What a draft invoice could still bill, as billing staff see it before adding sessions:
the case's completed sessions (and no-shows once a fee for them is set) that no invoice bills,
with the fee adding each would charge; a session leaves the list once it is on an invoice and
comes back when its line is removed; nothing is offered once the invoice is issued."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.billing import Books, open_books
from tests.support.tenants import staff_token


def billable(b: Books, invoice_id: str) -> list[dict]:
    return list(b.get(f"/invoices/{invoice_id}/billable-appointments")["items"])


def booked(b: Books, case_id: str, hours_from_now: int = 1) -> str:
    p = b.practice
    body = {
        "case_id": case_id, "provider_id": p.provider_id, "service_id": p.therapy_service_id,
        "location_id": p.video_id,
        "start": (b.clock.now() + timedelta(hours=hours_from_now)).isoformat(),
    }  # fmt: skip
    r = b.client.post("/appointments", json=body, headers=p.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_a_drafts_billable_sessions_leave_the_list_once_billed_and_return_when_removed(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    _, case = b.client_case("Linden")
    session = b.completed_session(case)
    missed = booked(b, case)
    clock.advance(timedelta(hours=2))
    r = client.post(f"/appointments/{missed}/mark-no-show", json={}, headers=b.practice.headers)
    assert r.is_success, r.text
    booked(b, case, hours_from_now=24 * 7)  # upcoming: not offered here
    draft = b.ok("/invoices", {"case_id": case})["id"]

    # No fee for a no-show is set: only the completed session, at its service's fee.
    (offered,) = billable(b, draft)
    assert (offered["appointment_id"], offered["status"]) == (session, "completed")
    assert offered["amount_cents"] == 15000 and offered["service_name"]
    assert [ln["kind"] for ln in offered["lines"]] == ["session"]
    shown = b.get(f"/appointments/{session}")
    assert offered["starts_local"] == shown["starts_local"]

    # With a no-show fee, the no-show is offered too, at that fee (latest first).
    b.ok("/billing/settings", {"values": {"no_show_fee_cents": 5000}})
    assert [(o["appointment_id"], o["amount_cents"]) for o in billable(b, draft)] == [
        (missed, 5000), (session, 15000),
    ]  # fmt: skip

    # Added: gone from the list, a line on the draft.
    b.ok(f"/invoices/{draft}/appointments", {"appointment_id": session})
    assert [o["appointment_id"] for o in billable(b, draft)] == [missed]
    (line,) = b.invoice(draft)["lines"]
    assert (line["appointment_id"], line["amount_cents"]) == (session, 15000)
    # Another draft of the case is not offered it either.
    other = b.ok("/invoices", {"case_id": case})["id"]
    assert [o["appointment_id"] for o in billable(b, other)] == [missed]

    # Its line removed, it may be billed again.
    b.ok(f"/invoices/{draft}/remove-line", {"line_id": line["line_id"]})
    assert {o["appointment_id"] for o in billable(b, draft)} == {missed, session}

    # An issued invoice takes no more sessions: nothing is offered.
    b.ok(f"/invoices/{draft}/appointments", {"appointment_id": missed})
    b.ok(f"/invoices/{draft}/issue")
    assert billable(b, draft) == []


def test_only_those_who_manage_billing_are_offered_sessions_and_other_practices_see_nothing(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    _, case = b.client_case("Alder")
    draft = b.ok("/invoices", {"case_id": case})["id"]
    coordinator = staff_token(
        runtime, b.practice.tenant, Role.COORDINATOR, email="desk@harbor-therapy.example"
    )
    path = f"/invoices/{draft}/billable-appointments"
    r = client.get(path, headers={"Authorization": f"Bearer {coordinator}"})
    assert r.status_code == 403, r.text
    elsewhere = open_books(runtime, client, clock, slug="cedar-counselling")
    r = client.get(path, headers=elsewhere.headers)
    assert r.status_code == 404, r.text
