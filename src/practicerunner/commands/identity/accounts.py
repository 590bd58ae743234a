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

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    claim_exists,
    load,
    save,
    take_claim,
)
from practicerunner.commands.references import STAFF
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.identity.accounts import (
    StaffAccount,
    staff_account_id,
)
from practicerunner.domain.identity.passkeys import PasskeyHolder, SignInRefused
from practicerunner.domain.practice.staff import StaffMember

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


@command(refs={"staff_id": STAFF}, access=practice_wide)
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


# -- portal accounts --------------------------------------------------------------------------


__all__ = ["SignInRefused"]
