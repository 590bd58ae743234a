"""Opening practices and getting tokens for tests, through the real commands."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice.practice import OpenPractice
from practicerunner.commands.practice.staff import InviteStaff, invite_staff
from practicerunner.demo import issue_token, open_with_owner
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Plan, Role


@dataclass(frozen=True)
class Tenant:
    practice_id: UUID
    owner_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def open_tenant(rt: Runtime, slug: str = "harbor-therapy", plan: Plan = Plan.GROUP) -> Tenant:
    practice_id, owner_id = open_with_owner(
        rt,
        OpenPractice(
            name=f"{slug.replace('-', ' ').title()}",
            slug=slug,
            plan=plan,
            owner_email=f"owner@{slug}.example",
            owner_given_name="Olive",
            owner_family_name="Owner",
        ),
    )
    token = issue_token(rt, practice_id, owner_id, "test")
    rt.settle()
    return Tenant(practice_id, owner_id, token)


def staff_token(rt: Runtime, tenant: Tenant, role: Role, email: str | None = None) -> str:
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    result = invite_staff(
        InviteStaff(
            email=email or f"{role.value}@{tenant.practice_id.hex[:8]}.example",
            given_name=role.value.title(),
            family_name="Member",
            role=role,
        ),
        ctx,
    )
    token = issue_token(rt, tenant.practice_id, str(result.id), f"test-{role.value}")
    rt.settle()
    return token
