"""Scenarios of a practice's week through the HTTP API: couples and families, weekly series
across a DST change, cancellations against the planned absence allowance, rescheduling and
group attendance."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Role
from tests.support.problems import refusal
from tests.support.scheduling import book, open_case, person, ready_practice, wait
from tests.support.tenants import staff_token


def _series(client: TestClient, p, case_id: str, start: str, rule: str, **extra):  # type: ignore[no-untyped-def]
    body = {
        "case_id": case_id,
        "provider_id": p.provider_id,
        "service_id": p.therapy_service_id,
        "location_id": p.office_id,
        "room_id": p.room_ids[0],
        "start": start,
        "rule": rule,
        **extra,
    }
    return client.post("/series", json=body, headers=p.headers)


def test_a_couple_and_a_family_through_a_season(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    p = ready_practice(runtime)
    alex, sam = person(client, p, "Alex", "Rivera"), person(client, p, "Sam", "Rivera")
    couple = open_case(client, p, "couple", [alex, sam], title="partners")

    # A family case whose bills go to a grandparent outside the case.
    kim = person(client, p, "Kim", "Lee", birth_date="2014-05-01")
    jo = person(client, p, "Jo", "Lee")
    grandma = person(client, p, "Ruth", "Lee")
    family = open_case(client, p, "family", [kim, jo], billing_contact_id=grandma)
    r = client.get(f"/cases/{family}", headers=p.headers)
    assert r.json()["billing_contact_id"] == grandma
    assert grandma not in [x["person_id"] for x in r.json()["participants"]]
    assert "superbills" in r.json()["features"]

    # A weekly series starting before the US DST change (8 March 2026): 10:00 stays 10:00.
    r = _series(client, p, couple, "2026-03-03T10:00:00-05:00", "FREQ=WEEKLY;COUNT=8")
    assert r.status_code == 201, r.text
    occurrences = r.json()["extra"]["appointment_ids"]
    assert len(occurrences) == 8
    wait(client, p, r.json()["position"])
    r = client.get(
        f"/schedule?view=month&date=2026-03-15&provider_id={p.provider_id}", headers=p.headers
    )
    items = r.json()["items"]
    assert [i["starts_local"][11:16] for i in items] == ["10:00"] * 5
    assert [i["starts_at"][11:16] for i in items[:2]] == ["15:00", "14:00"]
    assert {i["case_kind_label"] for i in items} == {"couple"}
    assert items[0]["case_label"] in ("Alex Rivera & Sam Rivera", "Sam Rivera & Alex Rivera")

    # The case has an allowance of one planned absence a year (the practice default is 2).
    r = client.post(
        f"/cases/{couple}/set-planned-absence-allowance", json={"allowance": 1}, headers=p.headers
    )
    assert r.status_code == 200, r.text

    def cancel(appointment_id: str, by: str = "client") -> dict:
        r = client.post(
            f"/appointments/{appointment_id}/cancel", json={"by": by}, headers=p.headers
        )
        assert r.status_code == 200, r.text
        return r.json()["extra"]

    assert cancel(occurrences[2]) == {"status": "planned_absence", "late": False}
    assert cancel(occurrences[3]) == {"status": "cancelled_by_client", "late": False}
    assert cancel(occurrences[4], by="practice")["status"] == "cancelled_by_practice"
    # A client cancelling inside the 24 h window is late, whatever the allowance.
    clock.set(clock.now().replace(day=2, hour=16))  # 2 March, 11:00 New York
    assert cancel(occurrences[0]) == {"status": "late_cancelled", "late": True}
    # Cancelling twice is refused, and frees nothing twice.
    r = client.post(
        f"/appointments/{occurrences[0]}/cancel", json={"by": "client"}, headers=p.headers
    )
    refusal(r, 422, "rule-violation")
    assert r.json()["reason"] == "appointment-not-upcoming"

    # Reschedule one occurrence (this one only); its old slot is free again.
    r = client.post(
        f"/appointments/{occurrences[1]}/reschedule",
        json={"start": "2026-03-12T15:00:00-04:00"},
        headers=p.headers,
    )
    assert r.status_code == 200, r.text
    r = book(client, p, family, "2026-03-10T10:00:00-04:00", location_id=p.video_id)
    assert r.status_code == 201, r.text
    pos = r.json()["position"]
    r = client.get(f"/appointments/{occurrences[1]}?after={pos}", headers=p.headers)
    assert r.json()["starts_local"] == "2026-03-12T15:00:00-04:00"
    r = client.get(f"/cases/{couple}?after={pos}", headers=p.headers)
    assert r.json()["planned_absences"] == {"2026": [occurrences[2]]}

    # The couple's upcoming and past appointments, cursor-paginated.
    clock.set(clock.now() + timedelta(days=20))
    r = client.get(f"/cases/{couple}/appointments?when=upcoming&limit=2", headers=p.headers)
    page1 = r.json()
    assert len(page1["items"]) == 2 and page1["next_cursor"]
    r = client.get(
        f"/cases/{couple}/appointments?when=upcoming&limit=2&cursor={page1['next_cursor']}",
        headers=p.headers,
    )
    assert page1["items"][-1]["starts_at"] < r.json()["items"][0]["starts_at"]
    r = client.get(f"/people/{alex}/appointments?when=past", headers=p.headers)
    past = [i["starts_at"] for i in r.json()["items"]]
    assert past == sorted(past, reverse=True) and len(past) == 3  # 3, 12 (moved) and 17 March


def test_group_session_completed_with_per_participant_attendance(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    p = ready_practice(runtime)
    members = [person(client, p, n, "Group") for n in ("Ann", "Ben", "Cy")]
    group = open_case(client, p, "therapy_group", members)
    r = book(
        client, p, group, "2026-03-04T18:00:00-05:00", service_id=p.group_service_id,
        location_id=p.office_id, room_id=p.room_ids[1],
    )  # fmt: skip
    appointment = r.json()["id"]
    r = client.post(f"/appointments/{appointment}/complete", json={}, headers=p.headers)
    refusal(r, 422, "rule-violation")  # not started yet
    clock.set(clock.now() + timedelta(days=2, hours=10))
    attendance = {members[0]: "present", members[1]: "absent", members[2]: "late"}
    r = client.post(
        f"/appointments/{appointment}/complete", json={"attendance": attendance}, headers=p.headers
    )
    assert r.status_code == 200, r.text
    wait(client, p, r.json()["position"])
    view = client.get(f"/appointments/{appointment}", headers=p.headers).json()
    assert view["status"] == "completed"
    assert view["attendance"] == attendance


def test_double_booking_a_provider_or_a_room_is_refused(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    a = open_case(client, p, "individual", [person(client, p, "Ada", "One")])
    b = open_case(client, p, "individual", [person(client, p, "Bo", "Two")])
    r = book(client, p, a, "2026-03-05T23:30:00-05:00")  # crosses UTC midnight
    assert r.status_code == 201, r.text
    r = book(client, p, b, "2026-03-06T00:10:00-05:00")
    refusal(r, 409, "double-booking")
    assert r.json()["type"].endswith("/double-booking")
    # Another provider in the same room at the same time: the room is taken.
    r = book(
        client, p, a, "2026-03-09T09:00:00-04:00", location_id=p.office_id, room_id=p.room_ids[0]
    )
    assert r.status_code == 201, r.text
    r = book(
        client, p, b, "2026-03-09T09:30:00-04:00", provider_id=p.second_provider_id,
        location_id=p.office_id, room_id=p.room_ids[0],
    )  # fmt: skip
    refusal(r, 409, "double-booking")
    assert "room busy" in r.json()["detail"]
    # A series clashing anywhere books nothing and lists the clash.
    r = _series(
        client, p, b, "2026-03-02T09:30:00-05:00", "FREQ=WEEKLY;COUNT=4",
        provider_id=p.second_provider_id,
    )  # fmt: skip
    refusal(r, 409, "double-booking")
    assert "Mon 09 Mar 2026 09:30" in r.json()["detail"]


def test_bad_input_is_refused_and_writes_nothing(runtime: Runtime, client: TestClient) -> None:
    p = ready_practice(runtime)
    alex, sam = person(client, p, "Alex", "Rivera"), person(client, p, "Sam", "Rivera")
    couple = open_case(client, p, "couple", [alex, sam], title="partners")
    admin = staff_token(runtime, p.tenant, Role.SCHEDULER)
    heads = runtime.stores.head_positions()
    attempts = [  # (path, body, the problem type of the 422)
        ("/people", {"given_name": "", "family_name": "X"}, "invalid-value"),
        ("/people", {"given_name": "A", "family_name": "B", "emails": [{"address": "nope"}]},
         "invalid-value"),
        ("/cases", {"kind": "couple", "participant_ids": [alex]}, "invalid-value"),  # no label
        ("/cases", {"kind": "spaceship"}, "validation-error"),
        ("/series", {"case_id": couple, "provider_id": p.provider_id,
                     "service_id": p.therapy_service_id, "location_id": p.video_id,
                     "start": "2026-03-03T10:00:00Z", "rule": "FREQ=HOURLY"},
         "invalid-recurrence"),
        ("/appointments", {"case_id": couple, "provider_id": p.provider_id,
                           "service_id": p.therapy_service_id, "location_id": p.video_id,
                           "start": "2026-03-03T10:00:00"}, "validation-error"),  # naive time
        ("/appointments", {"case_id": couple, "provider_id": p.tenant.owner_id,
                           "service_id": p.therapy_service_id, "location_id": p.office_id,
                           "room_id": "no-such-room", "start": "2026-03-03T10:00:00Z"},
         "invalid-value"),
        (f"/cases/{couple}/add-participant", {"person_id": alex}, "rule-violation"),  # in it
        (f"/cases/{couple}/record-diagnosis",
         {"person_id": alex, "code": "not-icd", "diagnosed_on": "2026-01-01"}, "invalid-value"),
    ]  # fmt: skip
    for path, body, problem in attempts:
        refusal(client.post(path, json=body, headers=p.headers), 422, problem)
    # An admin is never a provider.
    scheduler_id = client.get("/staff?role=scheduler", headers=p.headers).json()["items"][0][
        "staff_id"
    ]
    r = book(client, p, couple, "2026-03-03T10:00:00Z", provider_id=scheduler_id)
    refusal(r, 422, "rule-violation")
    assert r.json()["reason"] == "not-a-clinician"
    r = client.post("/people", json={"given_name": "A", "family_name": "B"},
                    headers={"Authorization": f"Bearer {admin}"})  # fmt: skip
    refusal(r, 403, "forbidden")
    assert runtime.stores.head_positions() == heads


def test_consultation_cases_have_no_diagnoses_and_billing_sees_none(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    dana = person(client, p, "Dana", "Ng")
    consult = open_case(client, p, "individual_consultation", [dana])
    r = client.post(
        f"/cases/{consult}/record-diagnosis",
        json={"person_id": dana, "code": "F41.1", "diagnosed_on": "2026-02-01"},
        headers=p.headers,
    )
    refusal(r, 422, "rule-violation")
    assert r.json()["reason"] == "feature-not-available"
    therapy = open_case(client, p, "individual", [dana])
    r = client.post(
        f"/cases/{therapy}/record-diagnosis",
        json={"person_id": dana, "code": "F41.1", "diagnosed_on": "2026-02-01"},
        headers=p.headers,
    )
    assert r.status_code == 200, r.text
    pos = r.json()["position"]
    owner_view = client.get(f"/cases/{therapy}?after={pos}", headers=p.headers).json()
    assert owner_view["diagnoses"][0]["code"] == "F41.1"
    billing = staff_token(runtime, p.tenant, Role.BILLING)
    billing_view = client.get(
        f"/cases/{therapy}", headers={"Authorization": f"Bearer {billing}"}
    ).json()
    assert billing_view["diagnoses"] is None
    assert client.get(f"/cases/{consult}", headers=p.headers).json()["features"] == [
        "consultation_wording", "invoices", "receipts",
    ]  # fmt: skip
