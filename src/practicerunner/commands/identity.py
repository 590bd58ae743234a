"""Commands on sign-in accounts: joining with a passkey, recording sign-ins, passkeys, recovery
codes, the owner's reset, delegation grants, and portal accounts.

Ceremonies (WebAuthn verification, link MACs) are checked by ``practicerunner.authentication``
before these run; these record what was verified, atomically with any natural-key claim. A
passkey's credential id is claimed installation-wide (kind ``passkey`` for staff,
``portal-passkey`` for the portal), so one authenticator credential can never sign in two
accounts, and a staff credential never opens the portal or the other way round.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field

from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    claim_exists,
    load,
    save,
    take_claim,
)
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.identity import (
    DelegationGrant,
    PasskeyHolder,
    PortalAccount,
    SignInRefused,
    StaffAccount,
    portal_account_id,
    staff_account_id,
)
from practicerunner.domain.practice import Practice
from practicerunner.domain.roles import Role
from practicerunner.domain.staff import StaffMember
from practicerunner.domain.values import email_must_be_valid

STAFF_PASSKEY_CLAIM = "passkey"
PORTAL_PASSKEY_CLAIM = "portal-passkey"


def find_staff_account(ctx: CommandContext, staff_id: str) -> StaffAccount | None:
    try:
        account: Any = ctx.stores.practice.repository.get(staff_account_id(staff_id))
    except AggregateNotFoundError:
        return None
    return account if isinstance(account, StaffAccount) else None


def account_of_passkey(ctx: CommandContext, claim_kind: str, credential_id: str) -> Any:
    """The account holding a passkey credential, or None (unknown, removed or malformed)."""
    if not credential_id:
        return None
    claim = claim_exists(ctx.stores.practice, claim_kind, credential_id)
    if claim is None or claim.owner_id is None:
        return None
    try:
        return ctx.stores.practice.repository.get(uuid.UUID(claim.owner_id))
    except (AggregateNotFoundError, ValueError):
        return None


# -- joining and re-enrolling -----------------------------------------------------------------


def join_with_passkey(
    ctx: CommandContext,
    *,
    staff: StaffMember,
    invitation_id: str,
    credential_id: str,
    public_key: str,
    sign_count: int,
    user_verified: bool,
    passkey_name: str,
    code_hashes: list[str],
    session_id: str,
    address: str | None,
) -> CommandResult:
    """Accepts a staff invitation by registering a first passkey: the invitation is used up,
    the sign-in account opens with the passkey and ten recovery codes, and the sign-in is
    recorded. One write: if any part is refused, nothing is recorded."""
    app = ctx.stores.practice
    me = Actor(str(staff.id))
    now = ctx.now()
    staff.accept_invitation(invitation_id, me, now)
    account = find_staff_account(ctx, str(staff.id)) or StaffAccount.open(
        practice_id=staff.practice_id, staff_id=str(staff.id), by=me, at=now
    )
    claim = _enrol(
        ctx,
        account,
        me,
        now,
        "invitation",
        credential_id,
        public_key,
        sign_count,
        user_verified,
        passkey_name,
        code_hashes,
        session_id,
        address,
    )
    return save(app, staff, account, claim, result_of=account, staff_id=str(staff.id))


def re_enrol_with_passkey(
    ctx: CommandContext,
    *,
    account: StaffAccount,
    reset_id: str,
    credential_id: str,
    public_key: str,
    sign_count: int,
    user_verified: bool,
    passkey_name: str,
    code_hashes: list[str],
    session_id: str,
    address: str | None,
) -> CommandResult:
    """Completes an owner's access reset: the one-time link is used up, a new passkey and new
    recovery codes are registered, and the sign-in is recorded."""
    me = Actor(account.staff_id)
    now = ctx.now()
    account.complete_reset(reset_id, me, now)
    claim = _enrol(
        ctx,
        account,
        me,
        now,
        "access-reset",
        credential_id,
        public_key,
        sign_count,
        user_verified,
        passkey_name,
        code_hashes,
        session_id,
        address,
    )
    return save(ctx.stores.practice, account, claim, result_of=account)


def _enrol(
    ctx: CommandContext,
    account: StaffAccount,
    me: Actor,
    now: datetime,
    method: str,
    credential_id: str,
    public_key: str,
    sign_count: int,
    user_verified: bool,
    passkey_name: str,
    code_hashes: list[str],
    session_id: str,
    address: str | None,
) -> Any:
    """A first (or replacement) passkey with fresh recovery codes, and the sign-in it makes:
    what joining by invitation and completing an owner's reset have in common."""
    claim = _claim_passkey(ctx, STAFF_PASSKEY_CLAIM, credential_id, account)
    account.register_passkey(
        credential_id=credential_id,
        name=passkey_name,
        public_key=public_key,
        sign_count=sign_count,
        user_verified=user_verified,
        by=me,
        at=now,
    )
    account.issue_recovery_codes(code_hashes, me, now)
    account.record_sign_in(
        method=method,
        session_id=session_id,
        credential_id=credential_id,
        address=address,
        by=me,
        at=now,
    )
    return claim


def _claim_passkey(
    ctx: CommandContext, kind: str, credential_id: str, account: PasskeyHolder
) -> Any:
    existing = claim_exists(ctx.stores.practice, kind, credential_id)
    if existing is not None and existing.owner_id not in (None, str(account.id)):
        raise RuleViolation("This passkey is already registered.", reason="passkey-exists")
    return take_claim(ctx.stores.practice, kind, credential_id, str(account.id), ctx, "A passkey")


# -- passkeys ---------------------------------------------------------------------------------


def add_passkey(
    ctx: CommandContext,
    account: PasskeyHolder,
    *,
    claim_kind: str,
    credential_id: str,
    public_key: str,
    sign_count: int,
    user_verified: bool,
    name: str,
) -> CommandResult:
    claim = _claim_passkey(ctx, claim_kind, credential_id, account)
    account.register_passkey(
        credential_id=credential_id,
        name=name,
        public_key=public_key,
        sign_count=sign_count,
        user_verified=user_verified,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores.practice, account, claim, result_of=account)


class RenamePasskey(Command):
    credential_id: str = Field(min_length=1, max_length=1400)
    name: str = Field(min_length=1, max_length=60)


def rename_passkey(
    cmd: RenamePasskey, ctx: CommandContext, account: PasskeyHolder
) -> CommandResult:
    account.rename_passkey(cmd.credential_id, cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


class RemovePasskey(Command):
    credential_id: str = Field(min_length=1, max_length=1400)


def remove_passkey(
    cmd: RemovePasskey, ctx: CommandContext, account: PasskeyHolder, claim_kind: str
) -> CommandResult:
    """Removes a passkey. A staff member keeps at least one way in: their last passkey goes
    only while recovery codes remain."""
    if (
        isinstance(account, StaffAccount)
        and len(account.passkeys) == 1
        and cmd.credential_id in account.passkeys
        and account.recovery_codes_left == 0
    ):
        raise RuleViolation(
            "This is your last passkey and no recovery codes are left; add another passkey or "
            "regenerate recovery codes first."
        )
    account.remove_passkey(cmd.credential_id, ctx.actor, ctx.now())
    claim = claim_exists(ctx.stores.practice, claim_kind, cmd.credential_id)
    if claim is not None:
        claim.release(ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, claim, result_of=account)


def record_passkey_sign_in(
    ctx: CommandContext,
    account: PasskeyHolder,
    *,
    credential_id: str,
    sign_count: int,
    session_id: str,
    address: str | None,
) -> CommandResult:
    account.record_sign_in(
        method="passkey",
        session_id=session_id,
        credential_id=credential_id,
        sign_count=sign_count,
        address=address,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores.practice, account, result_of=account)


def suspend_cloned_passkey(
    ctx: CommandContext, account: PasskeyHolder, credential_id: str, reported_count: int
) -> CommandResult:
    account.suspend_cloned_passkey(credential_id, reported_count, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


def record_reauthentication(
    ctx: CommandContext,
    account: PasskeyHolder,
    *,
    session_id: str,
    credential_id: str,
    sign_count: int,
) -> CommandResult:
    account.record_reauthentication(session_id, credential_id, sign_count, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


def record_sign_out(
    ctx: CommandContext, account: PasskeyHolder, session_id: str | None, everywhere: bool
) -> CommandResult:
    account.record_sign_out(session_id, everywhere, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


# -- recovery codes ---------------------------------------------------------------------------


def sign_in_with_recovery_code(
    ctx: CommandContext,
    account: StaffAccount,
    *,
    code_hash: str,
    session_id: str,
    address: str | None,
) -> CommandResult:
    """Uses up one recovery code and records the sign-in; a used or unknown code is refused."""
    account.use_recovery_code(code_hash, session_id, ctx.actor, ctx.now())
    account.record_sign_in(
        method="recovery-code", session_id=session_id, address=address, by=ctx.actor, at=ctx.now()
    )
    return save(ctx.stores.practice, account, result_of=account)


def regenerate_recovery_codes(
    ctx: CommandContext, account: StaffAccount, code_hashes: list[str]
) -> CommandResult:
    account.issue_recovery_codes(code_hashes, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


# -- the owner's reset ------------------------------------------------------------------------


class ResetStaffAccess(Command):
    staff_id: uuid.UUID


def reset_staff_access(cmd: ResetStaffAccess, ctx: CommandContext) -> CommandResult:
    """For a lost authenticator: every passkey and recovery code of the staff member stops
    working, their sessions end, and a one-time enrolment link (24 h) is emailed to them."""
    staff = load(ctx.stores.practice, StaffMember, cmd.staff_id, ctx.practice_id)
    if staff.status != "active":
        raise RuleViolation("Only an active staff member who has joined can be reset.")
    account = find_staff_account(ctx, str(staff.id))
    if account is None:
        raise NotFound("That staff member has no sign-in account yet.")
    released = []
    for credential_id in list(account.passkeys):
        claim = claim_exists(ctx.stores.practice, STAFF_PASSKEY_CLAIM, credential_id)
        if claim is not None:
            claim.release(ctx.actor, ctx.now())
            released.append(claim)
    account.reset_access(str(uuid.uuid4()), ctx.actor, ctx.now())
    return save(
        ctx.stores.practice,
        account,
        *released,
        result_of=account,
        reset_expires_at=account.reset_expires_at,
    )


# -- acting as a provider ---------------------------------------------------------------------


class GrantDelegation(Command):
    admin_id: uuid.UUID
    provider_id: uuid.UUID


def _clinician(ctx: CommandContext, staff_id: uuid.UUID | str) -> StaffMember:
    staff = load(ctx.stores.practice, StaffMember, staff_id, ctx.practice_id)
    if not staff.is_clinician or staff.status == "deactivated":
        raise RuleViolation("Only an active clinician of the practice can be acted for.")
    return staff


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


# -- portal accounts --------------------------------------------------------------------------


class OpenPortalAccount(Command):
    person_id: uuid.UUID
    email: str = Field(min_length=3, max_length=254)


def open_portal_account(cmd: OpenPortalAccount, ctx: CommandContext) -> CommandResult:
    """Gives a person (a client, parent, partner, sponsor or helper) a way into the portal;
    opening it again for a closed account reopens it (and takes a new email if given). Clients
    and their relationships are issue 4's: it calls this when portal access is granted."""
    email = email_must_be_valid(cmd.email)
    practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id)
    practice.must_accept_writes()
    account_id = portal_account_id(str(practice.id), str(cmd.person_id))
    try:
        account: Any = ctx.stores.practice.repository.get(account_id)
        account.reopen(ctx.actor, ctx.now())
        account.change_email(email, ctx.actor, ctx.now())
    except AggregateNotFoundError:
        account = PortalAccount.open(
            practice_id=str(practice.id),
            person_id=str(cmd.person_id),
            email=email,
            by=ctx.actor,
            at=ctx.now(),
        )
    return save(ctx.stores.practice, account, result_of=account)


class ClosePortalAccount(Command):
    person_id: uuid.UUID


def close_portal_account(cmd: ClosePortalAccount, ctx: CommandContext) -> CommandResult:
    """Ends portal access: open links and passkeys stop working (sessions end too)."""
    account = load(
        ctx.stores.practice,
        PortalAccount,
        portal_account_id(str(ctx.practice_id), str(cmd.person_id)),
        ctx.practice_id,
    )
    released = []
    for credential_id in list(account.passkeys):
        claim = claim_exists(ctx.stores.practice, PORTAL_PASSKEY_CLAIM, credential_id)
        if claim is not None:
            claim.release(ctx.actor, ctx.now())
            released.append(claim)
    account.close(ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, *released, result_of=account)


def issue_portal_sign_in_link(ctx: CommandContext, account: PortalAccount) -> CommandResult:
    link_id = str(uuid.uuid4())
    account.issue_sign_in_link(link_id, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account, link_id=link_id)


def sign_in_with_portal_link(
    ctx: CommandContext,
    account: PortalAccount,
    *,
    link_id: str,
    session_id: str,
    address: str | None,
) -> CommandResult:
    now = ctx.now()
    account.use_sign_in_link(link_id, session_id, ctx.actor, now)
    account.record_sign_in(
        method="email-link", session_id=session_id, address=address, by=ctx.actor, at=now
    )
    return save(ctx.stores.practice, account, result_of=account)


def find_portal_account(
    ctx: CommandContext, practice_id: str, person_id: str
) -> PortalAccount | None:
    try:
        account: Any = ctx.stores.practice.repository.get(portal_account_id(practice_id, person_id))
    except (AggregateNotFoundError, ValueError):
        return None
    return account if isinstance(account, PortalAccount) else None


__all__ = ["SignInRefused"]
