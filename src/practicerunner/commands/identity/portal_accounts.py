"""Commands on portal accounts: opening and closing a client's portal access, and its one-time
sign-in links."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    claim_exists,
    load,
    save,
)
from practicerunner.commands.identity.accounts import PORTAL_PASSKEY_CLAIM
from practicerunner.commands.references import PERSON
from practicerunner.domain.identity.accounts import (
    PortalAccount,
    portal_account_id,
)
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.values import email_must_be_valid


class OpenPortalAccount(Command):
    person_id: uuid.UUID
    email: str = Field(min_length=3, max_length=254)


@command(refs={"person_id": PERSON}, access=case_team)
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


@command(refs={"person_id": PERSON}, access=case_team)
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
