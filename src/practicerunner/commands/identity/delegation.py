"""Commands on delegation: the owner's grants, and whether an admin may (go on) acting as a
provider."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    load,
    save,
)
from practicerunner.commands.references import STAFF
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.identity.accounts import (
    StaffAccount,
)
from practicerunner.domain.identity.delegation import DelegationGrant
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember


class GrantDelegation(Command):
    admin_id: uuid.UUID
    provider_id: uuid.UUID


def _clinician(ctx: CommandContext, staff_id: uuid.UUID | str) -> StaffMember:
    staff = load(ctx.stores.practice, StaffMember, staff_id, ctx.practice_id)
    if not staff.is_clinician or staff.status == "deactivated":
        raise RuleViolation("Only an active clinician of the practice can be acted for.")
    return staff


@command(refs={"admin_id": STAFF, "provider_id": STAFF}, access=practice_wide)
def grant_delegation(cmd: GrantDelegation, ctx: CommandContext) -> CommandResult:
    """The owner authorises an admin to act as one provider."""
    admin = load(ctx.stores.practice, StaffMember, cmd.admin_id, ctx.practice_id)
    if not admin.role.is_admin:
        raise RuleViolation("Delegation is granted to admins; the owner needs none.")
    provider = _clinician(ctx, cmd.provider_id)
    grant_id = DelegationGrant.id_for(str(admin.id), str(provider.id))
    try:
        grant: Any = ctx.stores.practice.repository.get(grant_id)
        grant.renew(ctx.actor, ctx.now())
    except AggregateNotFoundError:
        grant = DelegationGrant.grant(
            practice_id=str(ctx.practice_id),
            admin_id=str(admin.id),
            provider_id=str(provider.id),
            by=ctx.actor,
            at=ctx.now(),
        )
    return save(ctx.stores.practice, grant, result_of=grant)


@command(refs={"admin_id": STAFF, "provider_id": STAFF}, access=practice_wide)
def revoke_delegation(cmd: GrantDelegation, ctx: CommandContext) -> CommandResult:
    grant = load(
        ctx.stores.practice,
        DelegationGrant,
        DelegationGrant.id_for(str(cmd.admin_id), str(cmd.provider_id)),
        ctx.practice_id,
    )
    grant.revoke(ctx.actor, ctx.now())
    return save(ctx.stores.practice, grant, result_of=grant)


def may_act_for(ctx: CommandContext, staff_id: str, role: Role, provider_id: str) -> StaffMember:
    """The provider ``staff_id`` may act for, or a refusal: same practice, an active
    clinician, not oneself; an admin also needs the owner's grant."""
    if provider_id == staff_id:
        raise RuleViolation("You are already yourself.")
    provider = _clinician(ctx, provider_id)
    if role == Role.OWNER:
        return provider
    if not role.is_admin:
        raise RuleViolation("Only the owner and authorised admins act as a provider.")
    try:
        grant: Any = ctx.stores.practice.repository.get(
            DelegationGrant.id_for(staff_id, str(provider.id))
        )
    except AggregateNotFoundError:
        grant = None
    if not isinstance(grant, DelegationGrant) or not grant.active:
        raise RuleViolation(
            "The practice owner has not authorised you to act for this provider.",
            reason="no-delegation",
        )
    return provider


def may_go_on_acting(ctx: CommandContext, staff_id: str, role: Role, provider_id: str) -> bool:
    """Whether acting for a provider, started earlier, may go on: false once the owner revoked
    the admin's grant, the provider is no longer an active clinician, or the person's role no
    longer acts. Read from the event store, so a revocation counts from the moment it is
    written."""
    try:
        may_act_for(ctx, staff_id, role, provider_id)
    except (RuleViolation, NotFound):
        return False
    return True


def record_acting(
    ctx: CommandContext, account: StaffAccount, provider_id: str, session_id: str, started: bool
) -> CommandResult:
    if started:
        account.start_acting(provider_id, session_id, ctx.actor, ctx.now())
    else:
        account.stop_acting(provider_id, session_id, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)
