"""A cancellation's outcome is shown before anyone confirms it, and the cancellation then does
exactly what the preview said: staff preview by client or by practice; in the portal, a person
whose role allows requests previews and cancels within the practice's rules; and a client
switches their own calendar feed on and off."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import practice
from practicerunner.domain.base import Actor
from tests.e2e.test_portal_roles import portal_headers
from tests.support.passkeys import caught_up
from tests.support.problems import refusal
from tests.support.scheduling import Practice, book, open_case, person, ready_practice

# The clock of these tests stands at 2026-03-02 14:00 UTC; the late-cancel window is 24 h.
NEXT_WEEK = ["2026-03-09T15:00:00Z", "2026-03-10T15:00:00Z", "2026-03-11T15:00:00Z"]
TOMORROW_MORNING = "2026-03-03T10:00:00Z"  # 20 hours away: inside the window


def _booked(client: TestClient, p: Practice, case_id: str, start: str) -> str:
    r = book(client, p, case_id, start)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _allow_portal_cancellations(rt: Runtime, p: Practice) -> None:
    ctx = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    values = {"allow_client_requests": True, "auto_accept_client_requests": True}
    practice.change_settings(practice.ChangeSettings(group="portal", values=values), ctx)


def _preview(client: TestClient, p: Practice, appointment: str, by: str) -> dict[str, Any]:
    r = client.get(f"/appointments/{appointment}/cancellation?by={by}", headers=p.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _status(client: TestClient, p: Practice, appointment: str, position: str) -> str:
    r = client.get(f"/appointments/{appointment}?after={position}", headers=p.headers)
    assert r.status_code == 200, r.text
    return str(r.json()["status"])


def test_staff_see_each_outcome_before_cancelling_and_get_exactly_that(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)  # planned absences on, 2 a year
    ana = person(client, p, "Ana", "Alvarez")
    case_id = open_case(client, p, "individual", [ana])
    early = [_booked(client, p, case_id, start) for start in NEXT_WEEK]
    late = _booked(client, p, case_id, TOMORROW_MORNING)
    caught_up(runtime)
    version_before = client.get(f"/appointments/{early[0]}", headers=p.headers).json()["version"]

    first = _preview(client, p, early[0], "client")
    assert first == {
        "appointment_id": early[0], "by": "client", "status": "planned_absence", "late": False,
        "fee_may_apply": False, "late_cancel_window_hours": 24, "allowance_year": 2026,
        "planned_absence_allowance": 2, "planned_absences_used": 0,
        "planned_absences_left_after": 1,
    }  # fmt: skip
    # A preview writes nothing: asking again says the same, the appointment is unchanged.
    assert _preview(client, p, early[0], "client") == first
    assert client.get(f"/appointments/{early[0]}", headers=p.headers).json()["version"] == (
        version_before
    )

    by_practice = _preview(client, p, early[0], "practice")
    assert (by_practice["status"], by_practice["fee_may_apply"]) == ("cancelled_by_practice", False)
    assert by_practice["planned_absences_left_after"] == 2  # the practice's own spends none

    seen = []
    for appointment in early:
        preview = _preview(client, p, appointment, "client")
        r = client.post(
            f"/appointments/{appointment}/cancel", json={"by": "client"}, headers=p.headers
        )
        assert r.status_code == 200, r.text
        assert r.json()["extra"]["status"] == preview["status"]
        assert _status(client, p, appointment, r.json()["position"]) == preview["status"]
        seen.append((preview["status"], preview["planned_absences_left_after"]))
    assert seen == [("planned_absence", 1), ("planned_absence", 0), ("cancelled_by_client", 0)]

    inside_window = _preview(client, p, late, "client")
    assert (inside_window["status"], inside_window["late"], inside_window["fee_may_apply"]) == (
        "late_cancelled", True, True,
    )  # fmt: skip

    # An appointment that is no longer upcoming has no cancellation to preview.
    refused = client.get(f"/appointments/{early[0]}/cancellation", headers=p.headers)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/rule-violation")


def test_the_portal_shows_the_outcome_first_and_cancels_within_the_rules(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    kid, helper, payer, stranger = (
        person(client, p, given, family)
        for given, family in [("Kai", "Kline"), ("Sam", "Helper"), ("Bill", "Payer"),
                              ("Stan", "Ger")]
    )  # fmt: skip
    r = client.post(
        f"/people/{kid}/add-helper", json={"helper_id": helper, "role": "scheduling_helper"},
        headers=p.headers,
    )  # fmt: skip
    assert r.is_success, r.text
    case_id = open_case(client, p, "individual", [kid], billing_contact_id=payer)
    first, second = (_booked(client, p, case_id, start) for start in NEXT_WEEK[:2])
    caught_up(runtime)
    as_kid, as_helper = portal_headers(runtime, p, kid), portal_headers(runtime, p, helper)

    def portal_preview(appointment: str, headers: dict[str, str]) -> Any:
        return client.get(f"/portal/appointments/{appointment}/cancellation", headers=headers)

    # The practice does not take cancellations in the portal (the default).
    closed = portal_preview(first, as_kid).json()
    assert (closed["may_cancel"], closed["status"]) == (False, None)
    assert "phone or message" in closed["refusal"]
    refused = client.post(f"/portal/appointments/{first}/cancel", json={}, headers=as_kid)
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"].endswith("/forbidden")

    _allow_portal_cancellations(runtime, p)
    preview = portal_preview(first, as_kid).json()
    assert preview["may_cancel"] is True
    assert (preview["status"], preview["fee_may_apply"]) == ("planned_absence", False)
    assert (preview["planned_absence_allowance"], preview["planned_absences_left_after"]) == (2, 1)

    # Someone with no role in the case, or only the billing contact's, cannot see it at all.
    for outsider in (stranger, payer):
        headers = portal_headers(runtime, p, outsider)
        refusal(portal_preview(first, headers), 404, "not-found")
        r = client.post(f"/portal/appointments/{first}/cancel", json={}, headers=headers)
        refusal(r, 404, "not-found")
        assert client.get(f"/appointments/{first}", headers=p.headers).json()["status"] == (
            "scheduled"
        )

    done = client.post(f"/portal/appointments/{first}/cancel", json={}, headers=as_kid)
    assert done.status_code == 200, done.text
    assert done.json()["extra"]["status"] == "planned_absence"
    assert _status(client, p, first, done.json()["position"]) == "planned_absence"

    # The scheduling helper may cancel too, and sees the allowance already spent once.
    helper_view = portal_preview(second, as_helper).json()
    assert (helper_view["may_cancel"], helper_view["planned_absences_used"]) == (True, 1)
    again = client.post(f"/portal/appointments/{first}/cancel", json={}, headers=as_kid)
    refusal(again, 422, "rule-violation")  # already cancelled: nothing happens twice
    caught_up(runtime)
    upcoming = client.get("/portal/appointments", headers=as_kid).json()["items"]
    assert [a["appointment_id"] for a in upcoming if a["status"] == "scheduled"] == [second]


def test_a_client_switches_their_calendar_feed_on_renews_it_and_switches_it_off(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    ana = person(client, p, "Ana", "Alvarez")
    case_id = open_case(client, p, "individual", [ana])
    _booked(client, p, case_id, NEXT_WEEK[0])
    caught_up(runtime)
    as_ana = portal_headers(runtime, p, ana)

    assert client.get("/portal/calendar-feed", headers=as_ana).json() == {
        "enabled": False, "allowed": True,
    }  # fmt: skip
    issued = client.post("/portal/calendar-feed/issue", headers=as_ana)
    assert issued.status_code == 200, issued.text
    path = issued.json()["extra"]["path"]
    feed = client.get(path)
    assert feed.status_code == 200 and "BEGIN:VEVENT" in feed.text
    assert client.get("/portal/calendar-feed", headers=as_ana).json()["enabled"] is True

    renewed = client.post("/portal/calendar-feed/issue", headers=as_ana).json()["extra"]["path"]
    assert renewed != path
    refusal(client.get(path), 404, "not-found")  # the old address stops working at once
    assert client.get(renewed).status_code == 200

    off = client.post("/portal/calendar-feed/revoke", headers=as_ana)
    assert off.status_code == 200, off.text
    refusal(client.get(renewed), 404, "not-found")
    assert client.get("/portal/calendar-feed", headers=as_ana).json()["enabled"] is False

    # A billing contact only sees no schedule, so has no feed to switch on.
    payer = person(client, p, "Bill", "Payer")
    open_case(client, p, "individual", [person(client, p, "Kim", "Lee")], billing_contact_id=payer)
    caught_up(runtime)
    r = client.post("/portal/calendar-feed/issue", headers=portal_headers(runtime, p, payer))
    refusal(r, 403, "forbidden")
