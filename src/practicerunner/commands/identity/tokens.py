"""Bootstrap API access tokens (until passkey sign-in replaces them)."""

from __future__ import annotations

import uuid

from pydantic import Field

from practicerunner.adapters.signing import hash_token, new_bearer_token
from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.inputs import Line
from practicerunner.commands.references import ACCESS_TOKEN, STAFF
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.identity.access_tokens import AccessToken
from practicerunner.domain.practice.staff import StaffMember


class IssueAccessToken(Command):
    staff_id: uuid.UUID
    label: Line = Field(default="cli", min_length=1, max_length=100)


@command(refs={"staff_id": STAFF}, access=practice_wide)
def issue_access_token(cmd: IssueAccessToken, ctx: CommandContext) -> CommandResult:
    """Issues a bearer token for a staff member. The token itself is returned once, in
    ``extra['token']``; only its hash is recorded."""
    staff = load(ctx.stores.practice, StaffMember, cmd.staff_id, ctx.practice_id)
    if staff.status == "deactivated":
        raise RuleViolation("A deactivated staff member cannot get a token.")
    token = new_bearer_token()
    issued = AccessToken.issue(
        id=uuid.uuid4(),
        practice_id=staff.practice_id,
        staff_id=str(staff.id),
        token_hash=hash_token(token),
        label=cmd.label,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores.practice, issued, result_of=issued, token=token)


class RevokeAccessToken(Command):
    token_id: uuid.UUID


@command(refs={"token_id": ACCESS_TOKEN}, access=practice_wide)
def revoke_access_token(cmd: RevokeAccessToken, ctx: CommandContext) -> CommandResult:
    token = load(ctx.stores.practice, AccessToken, cmd.token_id, ctx.practice_id)
    token.revoke(ctx.actor, ctx.now())
    return save(ctx.stores.practice, token, result_of=token)
