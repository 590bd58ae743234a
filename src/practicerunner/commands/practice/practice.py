"""Commands on the practice itself: opening one, its identity, address, billing identity,
settings and plan."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
    take_claim,
)
from practicerunner.commands.clients.active_clients import active_client_count
from practicerunner.commands.inputs import Line
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.practice.staff import StaffMember

SLUG_CLAIM = "practice-slug"
STAFF_EMAIL_CLAIM = "staff-email"


def practice_for_write(
    ctx: CommandContext, expected_version: int | None = None, *, read_only: bool = False
) -> Practice:
    """The caller's practice, refusing every change while it is on the Archive plan.

    ``read_only`` callers promise not to change it (most commands only check the plan): they
    get the cached instance without the cost of a deep copy."""
    practice = load(
        ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id, copy=not read_only
    )
    practice.must_accept_writes()
    expect_version(practice, expected_version)
    return practice


class Address(Command):
    line1: Line = Field(min_length=1, max_length=200)
    line2: Line | None = Field(default=None, max_length=200)
    city: Line = Field(min_length=1, max_length=100)
    region: Line | None = Field(default=None, max_length=100)
    postal_code: Line = Field(min_length=1, max_length=20)
    country: Line = Field(min_length=2, max_length=2, pattern=r"^[A-Z]{2}$")


class OpenPractice(Command):
    name: Line = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=3, max_length=63)
    timezone: str = "America/New_York"
    plan: Plan = Plan.STARTER
    owner_email: str = Field(min_length=3, max_length=254)
    owner_given_name: Line = Field(min_length=1, max_length=100)
    owner_family_name: Line = Field(min_length=1, max_length=100)


@command(access=practice_wide)
def open_practice(cmd: OpenPractice, ctx: CommandContext) -> CommandResult:
    """Opens a practice with its owner; the slug is unique across the installation."""
    app = ctx.stores.practice
    practice_id, owner_id = uuid.uuid4(), uuid.uuid4()
    practice = Practice.open(
        id=practice_id,
        name=cmd.name,
        slug=cmd.slug,
        timezone=cmd.timezone,
        plan=cmd.plan,
        owner_id=str(owner_id),
        by=ctx.actor,
        at=ctx.now(),
    )
    owner = StaffMember.add(
        id=owner_id,
        practice_id=str(practice_id),
        email=cmd.owner_email,
        given_name=cmd.owner_given_name,
        family_name=cmd.owner_family_name,
        role=Role.OWNER,
        by=ctx.actor,
        at=ctx.now(),
    )
    slug = take_claim(
        app,
        SLUG_CLAIM,
        practice.slug,
        str(practice_id),
        ctx,
        f"The practice address '{practice.slug}'",
    )
    email = take_claim(
        app, STAFF_EMAIL_CLAIM, f"{practice_id}/{owner.email}", str(owner_id), ctx, "That email"
    )
    return save(app, practice, owner, slug, email, result_of=practice, owner_id=str(owner_id))


class RenamePractice(Command):
    name: Line = Field(min_length=1, max_length=200)


@command(access=practice_wide)
def rename_practice(
    cmd: RenamePractice, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx, expected_version)
    practice.rename(cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, result_of=practice)


class ChangePracticeSlug(Command):
    slug: str = Field(min_length=3, max_length=63)


@command(access=practice_wide)
def change_practice_slug(
    cmd: ChangePracticeSlug, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Moves the practice to a new slug: claims the new one and releases the old one in the
    same write, so two practices can never hold one slug."""
    app = ctx.stores.practice
    practice = practice_for_write(ctx, expected_version)
    old_slug = practice.slug
    practice.change_slug(cmd.slug, ctx.actor, ctx.now())
    if practice.slug == old_slug:
        return save(app, practice, result_of=practice)
    new_claim = take_claim(
        app,
        SLUG_CLAIM,
        practice.slug,
        str(practice.id),
        ctx,
        f"The practice address '{practice.slug}'",
    )
    old_claim = take_claim(app, SLUG_CLAIM, old_slug, str(practice.id), ctx, "The old slug")
    old_claim.release(ctx.actor, ctx.now())
    return save(app, practice, new_claim, old_claim, result_of=practice)


class ChangePracticeTimezone(Command):
    timezone: str = Field(min_length=1, max_length=64)


@command(access=practice_wide)
def change_practice_timezone(
    cmd: ChangePracticeTimezone, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx, expected_version)
    practice.change_timezone(cmd.timezone, ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, result_of=practice)


class ChangePracticeAddress(Command):
    address: Address


@command(access=practice_wide)
def change_practice_address(
    cmd: ChangePracticeAddress, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx, expected_version)
    practice.change_address(cmd.address.model_dump(exclude_none=True), ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, result_of=practice)


class ChangeBillingIdentity(Command):
    legal_name: Line | None = Field(default=None, max_length=200)
    tax_id: str | None = Field(default=None, max_length=11)
    npi: str | None = Field(default=None, max_length=10)
    invoice_footer: str | None = Field(default=None, max_length=1000)


@command(access=practice_wide, local={"tax_id": "the practice's tax number, not an id"})
def change_billing_identity(
    cmd: ChangeBillingIdentity, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx, expected_version)
    practice.change_billing_identity(cmd.model_dump(exclude_unset=True), ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, result_of=practice)


class ChangeSettings(Command):
    group: Literal[
        "billing", "portal", "scheduling", "reminders", "security", "documents_forms", "contacts"
    ]
    values: dict[str, Any] = Field(min_length=1)


@command(access=practice_wide)
def change_settings(
    cmd: ChangeSettings, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx, expected_version)
    practice.change_settings(cmd.group, dict(cmd.values), ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, result_of=practice)


class ChangePlan(Command):
    plan: Plan


@command(access=practice_wide)
def change_plan(
    cmd: ChangePlan, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Changes plan; moving to Archive pauses the practice (still readable and exportable)."""
    practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id)
    expect_version(practice, expected_version)
    if cmd.plan != Plan.ARCHIVE and practice.plan == Plan.ARCHIVE:
        practice.resume_from_archive(ctx.actor, ctx.now())
    # The active-client count lives in the scheduling context (ActiveClientRoster, written
    # atomically with the people and cases that decide it), so it cannot be saved in one
    # write with the Practice. We read it from the event store (not a read model: no lag)
    # just before saving the plan. Chosen consistency: a downgrade is checked against the
    # count as of that read. An admission that commits in the few milliseconds between the
    # read and this save, on the old (roomier) plan, can leave the practice over its new
    # limit; that is bounded (admissions in that window) and self-limiting: every further
    # admission is then refused until the count is back under the limit, and nothing is
    # lost. Locking across contexts (a saga or a two-phase write) would buy exactness for a
    # race a person changing their own plan essentially never runs.
    active = active_client_count(ctx.stores.scheduling, str(practice.id))
    practice.change_plan(cmd.plan, ctx.actor, ctx.now(), active_clients=active)
    return save(ctx.stores.practice, practice, result_of=practice)
