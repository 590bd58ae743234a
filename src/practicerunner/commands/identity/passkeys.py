"""Commands on passkeys an account already holds: adding, renaming, removing, and suspending a
cloned one. A passkey's credential id is claimed installation-wide, so one authenticator credential
never signs in two accounts."""

from __future__ import annotations

from pydantic import Field

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    claim_exists,
    save,
)
from practicerunner.commands.identity.accounts import _claim_passkey
from practicerunner.commands.inputs import Line
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.identity.accounts import (
    StaffAccount,
)
from practicerunner.domain.identity.passkeys import PasskeyHolder


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
    name: Line = Field(min_length=1, max_length=60)


@command(
    access=practice_wide,
    local={"credential_id": "a passkey of the caller's own account, looked up in it"},
)
def rename_passkey(
    cmd: RenamePasskey, ctx: CommandContext, account: PasskeyHolder
) -> CommandResult:
    account.rename_passkey(cmd.credential_id, cmd.name, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)


class RemovePasskey(Command):
    credential_id: str = Field(min_length=1, max_length=1400)


@command(
    access=practice_wide,
    local={"credential_id": "a passkey of the caller's own account, looked up in it"},
)
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


def suspend_cloned_passkey(
    ctx: CommandContext, account: PasskeyHolder, credential_id: str, reported_count: int
) -> CommandResult:
    account.suspend_cloned_passkey(credential_id, reported_count, ctx.actor, ctx.now())
    return save(ctx.stores.practice, account, result_of=account)
