"""Case-level access, field-level limits and the access log, through the HTTP API: a provider
sees only the cases they serve or supervise (404 for the rest, lists narrowed), billing never
sees clinical content, and every read of a case, client or appointment is logged."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import staff as staff_commands
from practicerunner.demo import issue_token
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import caught_up
from tests.support.problems import refusal
from tests.support.scheduling import Practice, book, open_case, person, ready_practice
from tests.support.tenants import staff_token

MONDAY_10 = "2026-03-09T15:00:00Z"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Setting:
    """Jonah serves Ana's case (with a diagnosis and a booked session); Li serves Ben's."""

    def __init__(self, rt: Runtime, client: TestClient) -> None:
        self.p: Practice = ready_practice(rt)
        self.rt, self.client = rt, client
        pid = self.p.tenant.practice_id
        self.jonah = bearer(issue_token(rt, pid, self.p.provider_id, "jonah"))
        self.li = bearer(issue_token(rt, pid, self.p.second_provider_id, "li"))
        self.billing = bearer(staff_token(rt, self.p.tenant, Role.BILLING))
        self.coordinator = bearer(staff_token(rt, self.p.tenant, Role.COORDINATOR))
        self.ana = person(client, self.p, "Ana", "Alvarez")
        self.ben = person(client, self.p, "Ben", "Brook")
        h = self.p.headers
        assert client.post(
            f"/people/{self.ana}/change-notes", json={"notes": "Talks about grief."}, headers=h
        ).is_success
        self.ana_case = open_case(client, self.p, "individual", [self.ana])
        self.ben_case = open_case(
            client, self.p, "individual", [self.ben], provider_ids=[self.p.second_provider_id]
        )
        r = client.post(
            f"/cases/{self.ana_case}/record-diagnosis",
            json={"person_id": self.ana, "code": "F41.1", "diagnosed_on": "2026-03-01"},
            headers=h,
        )
        assert r.is_success, r.text
        booked = book(client, self.p, self.ana_case, MONDAY_10)
        assert booked.status_code == 201, booked.text
        self.appointment = booked.json()["id"]
        caught_up(rt)

    def get(self, path: str, headers: dict[str, str]) -> Any:
        return self.client.get(path, headers=headers)


def test_a_provider_sees_only_the_cases_they_serve_and_others_are_not_found(
    runtime: Runtime, client: TestClient
) -> None:
    s = Setting(runtime, client)

    for path in [
        f"/cases/{s.ana_case}",
        f"/cases/{s.ana_case}/appointments",
        f"/appointments/{s.appointment}",
        f"/people/{s.ana}",
        f"/people/{s.ana}/appointments",
    ]:
        assert s.get(path, s.jonah).status_code == 200, path
        hidden = s.get(path, s.li)
        refusal(hidden, 404, "not-found")
        assert hidden.headers["content-type"].startswith("application/problem+json")
        assert "Ana" not in hidden.text

    assert [c["case_id"] for c in s.get("/cases", s.li).json()["items"]] == [s.ben_case]
    assert {c["case_id"] for c in s.get("/cases", s.p.headers).json()["items"]} == {
        s.ana_case,
        s.ben_case,
    }
    assert s.ana not in [p["person_id"] for p in s.get("/people", s.li).json()["items"]]
    li_week = s.get("/schedule?date=2026-03-09", s.li).json()["items"]
    assert li_week == []
    assert [a["appointment_id"] for a in s.get("/schedule?date=2026-03-09", s.jonah).json()[
        "items"
    ]] == [s.appointment]  # fmt: skip


def test_a_provider_cannot_change_a_case_they_do_not_serve_and_nothing_is_written(
    runtime: Runtime, client: TestClient
) -> None:
    s = Setting(runtime, client)
    before = s.get(f"/cases/{s.ana_case}", s.p.headers).json()["version"]

    for path, body in [
        (f"/cases/{s.ana_case}/retitle", {"title": "x"}),
        (f"/cases/{s.ana_case}/close", None),
        (f"/appointments/{s.appointment}/cancel", {"by": "practice", "reason": "x"}),
        (f"/people/{s.ana}/change-notes", {"notes": "overwritten"}),
        ("/appointments", {"case_id": s.ana_case, "provider_id": s.p.second_provider_id,
                           "service_id": s.p.therapy_service_id, "location_id": s.p.video_id,
                           "start": "2026-03-10T15:00:00Z"}),
    ]:  # fmt: skip
        refused = client.post(path, json=body, headers=s.li)
        refusal(refused, 404, "not-found")

    caught_up(runtime)
    assert s.get(f"/cases/{s.ana_case}", s.p.headers).json()["version"] == before
    assert s.get(f"/people/{s.ana}", s.p.headers).json()["notes"] == "Talks about grief."
    # Jonah, who serves the case, may.
    assert client.post(
        f"/cases/{s.ana_case}/retitle", json={"title": "Ana"}, headers=s.jonah
    ).is_success


def test_supervisors_reach_the_cases_they_supervise(runtime: Runtime, client: TestClient) -> None:
    s = Setting(runtime, client)
    refusal(s.get(f"/cases/{s.ana_case}", s.li), 404, "not-found")

    r = client.post(
        f"/cases/{s.ana_case}/set-supervisor",
        json={"supervisor_id": s.p.second_provider_id},
        headers=s.p.headers,
    )
    assert r.is_success, r.text
    caught_up(runtime)
    assert s.get(f"/cases/{s.ana_case}", s.li).status_code == 200
    assert s.get(f"/cases/{s.ana_case}", s.li).json()["supervisor_id"] == s.p.second_provider_id
    client.post(
        f"/cases/{s.ana_case}/set-supervisor", json={"supervisor_id": None}, headers=s.p.headers
    )
    caught_up(runtime)
    refusal(s.get(f"/cases/{s.ana_case}", s.li), 404, "not-found")

    # The supervising clinician of one of the case's sessions supervises the case.
    r = client.post(
        f"/appointments/{s.appointment}/change-supervisor",
        json={"supervisor_id": s.p.second_provider_id},
        headers=s.p.headers,
    )
    assert r.is_success, r.text
    caught_up(runtime)
    assert s.get(f"/cases/{s.ana_case}", s.li).status_code == 200


def test_the_default_supervisor_of_an_associate_reaches_the_associates_cases(
    runtime: Runtime, client: TestClient
) -> None:
    s = Setting(runtime, client)
    ctx = runtime.context(Actor(s.p.tenant.owner_id), s.p.tenant.practice_id)
    associate = staff_commands.invite_staff(
        staff_commands.InviteStaff(
            email="ash@harbor.example", given_name="Ash", family_name="A", role=Role.ASSOCIATE
        ),
        ctx,
    ).id
    staff_commands.set_default_supervisor(
        staff_commands.SetDefaultSupervisor(
            staff_id=associate, supervisor_id=s.p.second_provider_id
        ),
        ctx,
    )
    r = client.post(
        f"/cases/{s.ana_case}/assign-provider",
        json={"provider_id": str(associate)},
        headers=s.p.headers,
    )
    assert r.is_success, r.text
    caught_up(runtime)
    assert s.get(f"/cases/{s.ana_case}", s.li).status_code == 200


def test_billing_and_admins_never_see_clinical_content(
    runtime: Runtime, client: TestClient
) -> None:
    s = Setting(runtime, client)

    owner_view = s.get(f"/cases/{s.ana_case}", s.p.headers).json()
    assert owner_view["diagnoses"][0]["code"] == "F41.1"
    for who in (s.billing, s.coordinator):
        case = s.get(f"/cases/{s.ana_case}", who)
        assert case.status_code == 200
        assert case.json()["diagnoses"] is None
        assert "F41.1" not in case.text
        listed = s.get("/cases", who).text
        assert "F41.1" not in listed
        record = s.get(f"/people/{s.ana}", who)
        assert record.json()["notes"] is None
        assert "grief" not in record.text
        assert "grief" not in s.get("/people", who).text
    assert s.get(f"/cases/{s.ana_case}", s.coordinator).json()["billing_contact_id"] is None
    assert s.get(f"/people/{s.ana}", s.jonah).json()["notes"] == "Talks about grief."


def test_every_read_of_a_case_client_or_appointment_is_in_the_access_log(
    runtime: Runtime, client: TestClient
) -> None:
    s = Setting(runtime, client)
    jonah_id = s.p.provider_id

    for path in [
        f"/cases/{s.ana_case}",
        f"/cases/{s.ana_case}/appointments",
        f"/appointments/{s.appointment}",
        f"/people/{s.ana}",
        "/cases",
        "/schedule?date=2026-03-09",
    ]:
        assert s.get(path, s.jonah).status_code == 200
    s.get(f"/cases/{s.ana_case}", s.billing)

    entries = runtime.access_log.query(str(s.p.tenant.practice_id), limit=200).items
    mine = [(e["resource_type"], e["resource_id"], e["route"]) for e in entries
            if e["actor_id"] == jonah_id]  # fmt: skip
    assert ("case", s.ana_case, "/cases/{case_id}") in mine
    assert ("case_appointments", s.ana_case, "/cases/{case_id}/appointments") in mine
    assert ("appointment", s.appointment, "/appointments/{appointment_id}") in mine
    assert ("person", s.ana, "/people/{person_id}") in mine
    assert ("case", s.ana_case, "/cases") in mine
    assert ("appointment", s.appointment, "/schedule") in mine
    assert all(e["category"] == "clinical" for e in entries if e["actor_id"] == jonah_id)
    assert any(
        e["actor_id"] != jonah_id and e["resource_id"] == s.ana_case and e["category"] == "billing"
        for e in entries
    )
    assert all(e["at"] and e["address"] for e in entries)
