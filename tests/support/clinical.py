"""A practice with an associate, a client and a completed session, set up for the clinical
scenarios: the practice, its catalogue and staff through commands, the clinical work itself
through the HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import catalog
from practicerunner.commands.practice.staff import InviteStaff, invite_staff
from practicerunner.demo import issue_token
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Plan, Role
from tests.support.tenants import Tenant, open_tenant

COMPLETE = {"subjective": "Slept better this week.", "assessment": "Improving.", "plan": "Weekly."}


@dataclass
class Clinic:
    rt: Runtime
    client: TestClient
    clock: ControlledClock
    tenant: Tenant
    service_id: str
    location_id: str
    staff: dict[str, str] = field(default_factory=dict)  # name -> staff id
    tokens: dict[str, str] = field(default_factory=dict)  # name -> bearer token

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        token = self.tenant.token if who == "owner" else self.tokens[who]
        return {"Authorization": f"Bearer {token}", **extra}

    @property
    def owner_id(self) -> str:
        return self.tenant.owner_id

    def hire(self, name: str, role: Role) -> str:
        ctx = self.rt.context(Actor(self.owner_id), self.tenant.practice_id)
        staff_id = str(
            invite_staff(
                InviteStaff(
                    email=f"{name}@{self.tenant.practice_id.hex[:8]}.example",
                    given_name=name.title(),
                    family_name="Member",
                    role=role,
                ),
                ctx,
            ).id
        )
        self.staff[name] = staff_id
        self.tokens[name] = issue_token(self.rt, self.tenant.practice_id, staff_id, name)
        self.rt.settle()
        return staff_id

    def post(self, who: str, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers=self.headers(who, **headers))

    def get(self, who: str, path: str, **headers: str) -> Any:
        return self.client.get(path, headers=self.headers(who, **headers))

    def ok(self, who: str, path: str, body: Any = None, **headers: str) -> dict[str, Any]:
        r = self.post(who, path, body, **headers)
        assert r.is_success, r.text
        return dict(r.json())

    def idle(self) -> None:
        """Projections, process managers and jobs drained (the review task, missing notes)."""
        self.rt.settle()

    def client_case(self, who: str, provider: str, given: str, **extra: Any) -> str:
        person = self.ok(who, "/people", {"given_name": given, "family_name": "Client"})["id"]
        body = {"kind": "individual", "participant_ids": [person], "provider_ids": [provider]}
        return str(self.ok(who, "/cases", {**body, **extra})["id"])

    def completed_session(self, who: str, case_id: str, provider: str) -> str:
        """Books a session an hour from now, lets it happen, and marks it completed."""
        booked = self.ok(
            who,
            "/appointments",
            {
                "case_id": case_id,
                "provider_id": provider,
                "service_id": self.service_id,
                "location_id": self.location_id,
                "start": (self.clock.now() + timedelta(hours=1)).isoformat(),
            },
        )
        self.clock.advance(timedelta(hours=2))
        self.ok(who, f"/appointments/{booked['id']}/complete", {})
        return str(booked["id"])

    def written_note(self, who: str, appointment_id: str, content: dict[str, str]) -> str:
        started = self.ok(who, f"/appointments/{appointment_id}/note/start", {})
        saved = self.ok(
            who,
            f"/notes/{started['id']}/draft",
            {"content": content},
            **{"If-Match": f'"{started["version"]}"'},
        )
        return str(saved["id"])


def open_clinic(
    rt: Runtime, client: TestClient, clock: ControlledClock, plan: Plan, slug: str
) -> Clinic:
    tenant = open_tenant(rt, slug, plan=plan)
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    video = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    service = catalog.add_service(
        catalog.AddService(name="Therapy", cpt_code="90834", duration_minutes=50, fee_cents=100),
        ctx,
    )
    rt.settle()
    return Clinic(rt, client, clock, tenant, str(service.id), str(video.id))
