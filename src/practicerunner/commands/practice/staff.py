"""Commands on staff members: inviting, roles, provider credentials, deactivation."""

from __future__ import annotations

import uuid

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
from practicerunner.commands.inputs import Line
from practicerunner.commands.practice.practice import STAFF_EMAIL_CLAIM, practice_for_write
from practicerunner.commands.references import STAFF
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember


class InviteStaff(Command):
    email: str = Field(min_length=3, max_length=254)
    given_name: Line = Field(min_length=1, max_length=100)
    family_name: Line = Field(min_length=1, max_length=100)
    role: Role


@command(access=practice_wide)
def invite_staff(cmd: InviteStaff, ctx: CommandContext) -> CommandResult:
    """Adds a staff member and invites them: the invitation email (with a one-time link) is
    sent by the outbox once this write is recorded. An email is unique within the practice."""
    if cmd.role == Role.OWNER:
        raise RuleViolation("A practice has one owner; invite another role.")
    app = ctx.stores.practice
    practice = practice_for_write(ctx)
    staff_id = uuid.uuid4()
    staff = StaffMember.add(
        id=staff_id,
        practice_id=str(practice.id),
        email=cmd.email,
        given_name=cmd.given_name,
        family_name=cmd.family_name,
        role=cmd.role,
        by=ctx.actor,
        at=ctx.now(),
    )
    staff.invite(str(uuid.uuid4()), ctx.actor, ctx.now())
    practice.assign_seat(str(staff_id), cmd.role, ctx.actor, ctx.now())
    claim = take_claim(
        app,
        STAFF_EMAIL_CLAIM,
        f"{practice.id}/{staff.email}",
        str(staff_id),
        ctx,
        "A staff member with that email",
    )
    return save(
        app,
        practice,
        staff,
        claim,
        result_of=staff,
        invitation_expires_at=staff.invitation_expires_at,
    )


class StaffCommand(Command):
    staff_id: uuid.UUID


def _staff_for_write(
    ctx: CommandContext, staff_id: uuid.UUID, expected_version: int | None
) -> StaffMember:
    practice_for_write(ctx, read_only=True)
    staff = load(ctx.stores.practice, StaffMember, staff_id, ctx.practice_id)
    expect_version(staff, expected_version)
    return staff


@command(refs={"staff_id": STAFF}, access=practice_wide)
def resend_invitation(
    cmd: StaffCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Replaces the invitation with a new one-time link; the old link stops working."""
    staff = _staff_for_write(ctx, cmd.staff_id, expected_version)
    staff.invite(str(uuid.uuid4()), ctx.actor, ctx.now())
    return save(ctx.stores.practice, staff, result_of=staff)


class RenameStaff(StaffCommand):
    given_name: Line = Field(min_length=1, max_length=100)
    family_name: Line = Field(min_length=1, max_length=100)


@command(refs={"staff_id": STAFF}, access=practice_wide)
def rename_staff(
    cmd: RenameStaff, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    staff = _staff_for_write(ctx, cmd.staff_id, expected_version)
    staff.rename(cmd.given_name, cmd.family_name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, staff, result_of=staff)


class ChangeStaffRole(StaffCommand):
    role: Role


@command(refs={"staff_id": STAFF}, access=practice_wide)
def change_staff_role(
    cmd: ChangeStaffRole, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx)
    staff = load(ctx.stores.practice, StaffMember, cmd.staff_id, ctx.practice_id)
    expect_version(staff, expected_version)
    staff.change_role(cmd.role, ctx.actor, ctx.now())
    practice.assign_seat(str(staff.id), staff.role, ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, staff, result_of=staff)


class SetProviderCredentials(StaffCommand):
    npi: str | None = Field(default=None, max_length=10)
    license_number: str | None = Field(default=None, max_length=40)
    license_state: str | None = Field(default=None, max_length=2)
    taxonomy: str | None = Field(default=None, max_length=10)
    credentials: str | None = Field(default=None, max_length=60)


@command(refs={"staff_id": STAFF}, access=practice_wide)
def set_provider_credentials(
    cmd: SetProviderCredentials, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    staff = _staff_for_write(ctx, cmd.staff_id, expected_version)
    values = cmd.model_dump(exclude={"staff_id"}, exclude_unset=True)
    staff.set_provider_credentials(values, ctx.actor, ctx.now())
    return save(ctx.stores.practice, staff, result_of=staff)


class SetDefaultSupervisor(StaffCommand):
    supervisor_id: uuid.UUID | None


@command(refs={"staff_id": STAFF, "supervisor_id": STAFF}, access=practice_wide)
def set_default_supervisor(
    cmd: SetDefaultSupervisor, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    staff = _staff_for_write(ctx, cmd.staff_id, expected_version)
    supervisor = (
        load(ctx.stores.practice, StaffMember, cmd.supervisor_id, ctx.practice_id)
        if cmd.supervisor_id
        else None
    )
    if supervisor is not None:
        # Associates' default supervisors: Professional and Group, never Starter.
        practice_for_write(ctx).must_allow_supervision()
    staff.set_default_supervisor(supervisor, ctx.actor, ctx.now())
    return save(ctx.stores.practice, staff, result_of=staff)


@command(refs={"staff_id": STAFF}, access=practice_wide)
def deactivate_staff(
    cmd: StaffCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Deactivates a staff member and frees their seat."""
    practice = practice_for_write(ctx)
    staff = load(ctx.stores.practice, StaffMember, cmd.staff_id, ctx.practice_id)
    expect_version(staff, expected_version)
    staff.deactivate(ctx.actor, ctx.now())
    practice.release_seat(str(staff.id), ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, staff, result_of=staff)


@command(refs={"staff_id": STAFF}, access=practice_wide)
def reactivate_staff(
    cmd: StaffCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    practice = practice_for_write(ctx)
    staff = load(ctx.stores.practice, StaffMember, cmd.staff_id, ctx.practice_id)
    expect_version(staff, expected_version)
    staff.reactivate(ctx.actor, ctx.now())
    practice.assign_seat(str(staff.id), staff.role, ctx.actor, ctx.now())
    return save(ctx.stores.practice, practice, staff, result_of=staff)
