"""Demo data: a believable group practice to explore the product with."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext, claim_exists
from practicerunner.commands.identity import tokens
from practicerunner.commands.practice import catalog, practice, staff
from practicerunner.demo.schedule import load_schedule_demo
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.catalog import SessionFormat
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.processes.identity.invitations import invitation_url

DEMO_SLUG = "harbor-therapy"


@dataclass(frozen=True)
class Bootstrapped:
    practice_id: UUID
    owner_id: str
    token: str
    created: bool
    join_url: str | None = None  # the owner's one-time link to register a passkey


def open_with_owner(rt: Runtime, cmd: practice.OpenPractice) -> tuple[UUID, str]:
    result = practice.open_practice(cmd, rt.context(Actor.service("cli")))
    return result.id, result.extra["owner_id"]


def issue_token(rt: Runtime, practice_id: UUID, staff_id: str, label: str) -> str:
    ctx = rt.context(Actor.service("cli"), practice_id)
    result = tokens.issue_access_token(
        tokens.IssueAccessToken(staff_id=UUID(staff_id), label=label), ctx
    )
    token: str = result.extra["token"]
    return token


def owner_join_link(rt: Runtime, practice_id: UUID, owner_id: str) -> str | None:
    """A new one-time invitation link for the owner to register a passkey and sign in (it
    replaces any earlier one and is emailed too); None once the owner has joined."""
    owner: object = rt.stores.practice.repository.get(UUID(owner_id))
    if getattr(owner, "status", None) != "invited":
        return None
    ctx = rt.context(Actor.service("cli"), practice_id)
    staff.resend_invitation(staff.StaffCommand(staff_id=UUID(owner_id)), ctx)
    invited: StaffMember = rt.stores.practice.repository.get(UUID(owner_id))
    assert invited.invitation_id is not None  # resending issued a new invitation
    return invitation_url(rt, invited.invitation_id)


def existing_practice(rt: Runtime, slug: str) -> tuple[UUID, str] | None:
    claim = claim_exists(rt.stores.practice, practice.SLUG_CLAIM, slug)
    if claim is None or claim.owner_id is None:
        return None
    found: Practice = rt.stores.practice.repository.get(UUID(claim.owner_id))
    return found.id, found.owner_id


def load_demo(rt: Runtime) -> Bootstrapped:
    """Creates the demo practice, or issues a fresh token for its owner if it exists."""
    existing = existing_practice(rt, DEMO_SLUG)
    if existing:
        practice_id, owner_id = existing
        token = issue_token(rt, practice_id, owner_id, "demo")
        join_url = owner_join_link(rt, practice_id, owner_id)
        rt.run_until_idle()
        return Bootstrapped(practice_id, owner_id, token, created=False, join_url=join_url)

    practice_id, owner_id = open_with_owner(
        rt,
        practice.OpenPractice(
            name="Harbor Therapy Collective",
            slug=DEMO_SLUG,
            timezone="America/New_York",
            plan=Plan.GROUP,
            owner_email="maya.okafor@harbor-therapy.example",
            owner_given_name="Maya",
            owner_family_name="Okafor",
        ),
    )
    ctx = rt.context(Actor(owner_id), practice_id)
    _practice_details(ctx, owner_id)
    _staff(ctx)
    _catalog(ctx)
    load_schedule_demo(rt, ctx, "America/New_York")
    token = issue_token(rt, practice_id, owner_id, "demo")
    join_url = owner_join_link(rt, practice_id, owner_id)
    rt.run_until_idle()
    return Bootstrapped(practice_id, owner_id, token, created=True, join_url=join_url)


def _practice_details(ctx: CommandContext, owner_id: str) -> None:
    address = practice.Address(
        line1="400 Harbor Street",
        line2="Suite 210",
        city="Portland",
        region="ME",
        postal_code="04101",
        country="US",
    )
    practice.change_practice_address(practice.ChangePracticeAddress(address=address), ctx)
    practice.change_billing_identity(
        practice.ChangeBillingIdentity(
            legal_name="Harbor Therapy Collective, PLLC",
            tax_id="12-3456789",
            npi="1245319599",
            invoice_footer="Thank you. Questions about a bill? Reply through your client portal.",
        ),
        ctx,
    )
    practice.change_settings(
        practice.ChangeSettings(group="scheduling", values={"planned_absence_enabled": True}), ctx
    )
    staff.set_provider_credentials(
        staff.SetProviderCredentials(
            staff_id=UUID(owner_id),
            npi="1679576722",
            license_number="LCSW-10234",
            license_state="ME",
            taxonomy="1041C0700X",
            credentials="LCSW",
        ),
        ctx,
    )


def _staff(ctx: CommandContext) -> None:
    people = [
        (
            "jonah.reyes@harbor-therapy.example",
            "Jonah",
            "Reyes",
            Role.PROVIDER,
            {
                "npi": "1356412001",
                "license_number": "PSY-5521",
                "license_state": "ME",
                "taxonomy": "103TC0700X",
                "credentials": "PsyD",
            },
        ),
        (
            "li.chen@harbor-therapy.example",
            "Li",
            "Chen",
            Role.PROVIDER,
            {
                "npi": "1043214323",
                "license_number": "LMFT-883",
                "license_state": "ME",
                "taxonomy": "106H00000X",
                "credentials": "LMFT",
            },
        ),
        (
            "ava.brooks@harbor-therapy.example",
            "Ava",
            "Brooks",
            Role.ASSOCIATE,
            {"license_number": "LMSW-2290", "license_state": "ME", "credentials": "LMSW"},
        ),
        ("pat.dunn@harbor-therapy.example", "Pat", "Dunn", Role.COORDINATOR, None),
        ("sol.ortiz@harbor-therapy.example", "Sol", "Ortiz", Role.BILLING, None),
    ]
    for email, given, family, role, credentials in people:
        result = staff.invite_staff(
            staff.InviteStaff(email=email, given_name=given, family_name=family, role=role), ctx
        )
        if credentials:
            staff.set_provider_credentials(
                staff.SetProviderCredentials(staff_id=result.id, **credentials), ctx
            )


def _catalog(ctx: CommandContext) -> None:
    office = catalog.add_location(
        catalog.AddLocation(
            name="Harbor Street office",
            session_format=SessionFormat.IN_PERSON,
            address=practice.Address(
                line1="400 Harbor Street",
                line2="Suite 210",
                city="Portland",
                region="ME",
                postal_code="04101",
                country="US",
            ),
        ),
        ctx,
    )
    for room in ("Bay Room", "Lighthouse Room", "Group Room"):
        catalog.add_room(catalog.AddRoom(location_id=office.id, name=room), ctx)
    catalog.add_location(
        catalog.AddLocation(name="Video sessions", session_format=SessionFormat.VIDEO), ctx
    )
    catalog.add_location(
        catalog.AddLocation(name="Phone sessions", session_format=SessionFormat.PHONE), ctx
    )
    services = [
        ("Diagnostic evaluation", "90791", 60, 22000, True),
        ("Psychotherapy, 45 minutes", "90834", 45, 15000, True),
        ("Psychotherapy, 60 minutes", "90837", 60, 18000, True),
        ("Couples or family therapy", "90847", 50, 17000, True),
        ("Group psychotherapy", "90853", 90, 6000, False),
        ("Clinical consultation", None, 60, 16000, False),
        ("Consultation group", None, 90, 7500, False),
    ]
    for name, cpt, minutes, fee, online in services:
        catalog.add_service(
            catalog.AddService(
                name=name,
                cpt_code=cpt,
                duration_minutes=minutes,
                fee_cents=fee,
                bookable_online=online,
            ),
            ctx,
        )
