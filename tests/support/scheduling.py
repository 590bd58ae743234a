"""Setting up a practice ready for scheduling tests, through the real commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import catalog, practice, staff
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from tests.support.tenants import Tenant, open_tenant


@dataclass(frozen=True)
class Practice:
    tenant: Tenant
    provider_id: str
    second_provider_id: str
    office_id: str
    room_ids: list[str]
    video_id: str
    therapy_service_id: str
    group_service_id: str

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.headers


def ready_practice(
    rt: Runtime, slug: str = "harbor-therapy", settings: dict[str, Any] | None = None
) -> Practice:
    tenant = open_tenant(rt, slug)
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    scheduling = {"planned_absence_enabled": True, "planned_absence_allowance": 2}
    scheduling.update(settings or {})
    practice.change_settings(practice.ChangeSettings(group="scheduling", values=scheduling), ctx)
    providers = [
        staff.invite_staff(
            staff.InviteStaff(
                email=f"{name.lower()}@{slug}.example",
                given_name=name,
                family_name="Clinician",
                role=Role.PROVIDER,
            ),
            ctx,
        ).id
        for name in ("Jonah", "Li")
    ]
    office = catalog.add_location(
        catalog.AddLocation(
            name="Harbor Street office",
            session_format="in_person",
            address=practice.Address(
                line1="400 Harbor Street", city="Portland", postal_code="04101", country="US"
            ),
        ),
        ctx,
    )
    rooms = [
        catalog.add_room(catalog.AddRoom(location_id=office.id, name=n), ctx).extra["room_id"]
        for n in ("Bay Room", "Group Room")
    ]
    video = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    therapy = catalog.add_service(
        catalog.AddService(
            name="Psychotherapy", cpt_code="90834", duration_minutes=50, fee_cents=15000
        ),
        ctx,
    )
    group = catalog.add_service(
        catalog.AddService(name="Group", cpt_code="90853", duration_minutes=90, fee_cents=6000), ctx
    )
    rt.settle()
    return Practice(
        tenant, str(providers[0]), str(providers[1]), str(office.id), rooms, str(video.id),
        str(therapy.id), str(group.id),
    )  # fmt: skip


def person(client: TestClient, p: Practice, given: str, family: str, **extra: Any) -> str:
    body = {"given_name": given, "family_name": family, **extra}
    if "emails" not in body:
        body["emails"] = [
            {"address": f"{given.lower()}.{family.lower()}@example.com", "primary": True}
        ]
    r = client.post("/people", json=body, headers=p.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def open_case(client: TestClient, p: Practice, kind: str, people: list[str], **extra: Any) -> str:
    body = {"kind": kind, "participant_ids": people, "provider_ids": [p.provider_id], **extra}
    r = client.post("/cases", json=body, headers=p.headers)
    assert r.status_code == 201, r.text
    case_id = str(r.json()["id"])
    assert client.get(
        f"/cases/{case_id}?after={r.json()['position']}", headers=p.headers
    ).is_success
    return case_id


def book(client: TestClient, p: Practice, case_id: str, start: str, **extra: Any) -> Any:
    body = {
        "case_id": case_id,
        "provider_id": p.provider_id,
        "service_id": p.therapy_service_id,
        "location_id": p.video_id,
        "start": start,
        **extra,
    }
    return client.post("/appointments", json=body, headers=p.headers)


def wait(client: TestClient, p: Practice, position: str) -> None:
    r = client.get(f"/schedule?date=2026-03-02&after={position}", headers=p.headers)
    assert r.status_code == 200, r.text


def uuid_of(value: str) -> UUID:
    return UUID(value)


def completed_session(client: Any, p: Practice, case: str, days_ago: int) -> tuple[str, datetime]:
    """A video session of ``case`` held ``days_ago`` days back, on the hour, marked completed
    (through the API, with ``client`` a TestClient or an httpx client with the staff's
    credentials); answers its id and start."""
    start = (datetime.now(UTC) - timedelta(days=days_ago)).replace(
        minute=0, second=0, microsecond=0
    )
    booked = client.post("/appointments", json={
        "case_id": case, "provider_id": p.provider_id, "service_id": p.therapy_service_id,
        "location_id": p.video_id, "start": start.isoformat(),
    })  # fmt: skip
    assert booked.status_code == 201, booked.text
    done = client.post(f"/appointments/{booked.json()['id']}/complete", json={})
    assert done.status_code == 200, done.text
    return str(booked.json()["id"]), start
