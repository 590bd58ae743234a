"""Commands on private calendar feeds: issuing (or rotating) a provider's or client's feed
token, and revoking it. The token is returned once; only its hash is recorded, claimed as a
natural key so the public feed route finds its feed without a read model."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.signing import hash_token, new_bearer_token
from practicerunner.commands.access import Choice, Loaded, case_team, command, scoped_viewer
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    claim_exists,
    load,
    save,
)
from practicerunner.commands.clients.cases import clinician_of_practice
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import PERSON, STAFF
from practicerunner.domain.base import NaturalKeyClaim
from practicerunner.domain.clients.lifecycle import PersonKind
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.feeds import FEED_TOKEN_CLAIM, CalendarFeed, FeedOwner


class FeedCommand(Command):
    owner_kind: FeedOwner
    owner_id: uuid.UUID


FEED_OWNER = Choice("owner_kind", {FeedOwner.PROVIDER.value: STAFF, FeedOwner.CLIENT.value: PERSON})


def own_feed(ctx: CommandContext, cmd: Command, loaded: Loaded) -> None:
    """A provider or associate manages their own feed and the feeds of clients they reach;
    the owner and admins any in the practice."""
    viewer = scoped_viewer(ctx)
    if viewer is None:
        return
    assert isinstance(cmd, FeedCommand)
    if cmd.owner_kind == FeedOwner.PROVIDER:
        if str(cmd.owner_id) != (viewer.acting_for or viewer.staff_id):
            raise NotFound("No provider with that id.")
        return
    case_team(ctx, cmd, loaded)


def _owner_must_exist(cmd: FeedCommand, ctx: CommandContext) -> None:
    if cmd.owner_kind == FeedOwner.PROVIDER:
        clinician_of_practice(ctx, cmd.owner_id, "provider")
        return
    person = load(ctx.stores.scheduling, Person, cmd.owner_id, ctx.practice_id)
    if person.kind == PersonKind.ORGANISATION:
        raise RuleViolation("Organisations have no calendar.")


def _existing_feed(ctx: CommandContext, cmd: FeedCommand) -> CalendarFeed | None:
    return existing_feed(ctx, cmd.owner_kind, cmd.owner_id)


def feed_switched_on(ctx: CommandContext, owner_kind: FeedOwner, owner_id: uuid.UUID) -> bool:
    """Whether that owner's feed is on. An unknown owner, or another practice's, is NotFound."""
    _owner_must_exist(FeedCommand(owner_kind=owner_kind, owner_id=owner_id), ctx)
    feed = existing_feed(ctx, owner_kind, owner_id)
    return bool(feed and feed.active)


def existing_feed(
    ctx: CommandContext, owner_kind: FeedOwner, owner_id: uuid.UUID | str
) -> CalendarFeed | None:
    """The feed of that owner, switched on or not, if one was ever issued."""
    feed_id = CalendarFeed.id_for(str(ctx.practice_id), owner_kind, str(owner_id))
    try:
        feed: Any = ctx.stores.scheduling.repository.get(feed_id)
    except AggregateNotFoundError:
        return None
    assert isinstance(feed, CalendarFeed)
    return feed


def _release_token(ctx: CommandContext, token_hash: str | None) -> NaturalKeyClaim | None:
    if token_hash is None:
        return None
    claim = claim_exists(ctx.stores.scheduling, FEED_TOKEN_CLAIM, token_hash)
    if claim is not None:
        claim.release(ctx.actor, ctx.now())
    return claim


def client_feeds_allowed(ctx: CommandContext) -> bool:
    practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id)
    return bool(practice.settings["portal"].get("client_calendar_feeds", True))


@command(refs={"owner_id": FEED_OWNER}, access=own_feed)
def issue_calendar_feed(cmd: FeedCommand, ctx: CommandContext) -> CommandResult:
    """Switches a feed on, or rotates its token (the old URL stops working at once). The new
    token (256 random bits) is in ``extra.token``, shown once."""
    practice = practice_for_write(ctx)
    if cmd.owner_kind == FeedOwner.CLIENT and not practice.settings["portal"].get(
        "client_calendar_feeds", True
    ):
        raise RuleViolation("Client calendar feeds are switched off in the portal settings.")
    _owner_must_exist(cmd, ctx)
    token = new_bearer_token()
    token_hash = hash_token(token)
    feed = _existing_feed(ctx, cmd)
    old_claim = None
    if feed is None:
        feed = CalendarFeed.enable(
            practice_id=str(practice.id),
            owner_kind=cmd.owner_kind,
            owner_id=str(cmd.owner_id),
            token_hash=token_hash,
            by=ctx.actor,
            at=ctx.now(),
        )
    else:
        old_claim = _release_token(ctx, feed.token_hash)
        feed.rotate(token_hash, ctx.actor, ctx.now())
    claim = NaturalKeyClaim.claim(FEED_TOKEN_CLAIM, token_hash, str(feed.id), ctx.actor, ctx.now())
    return save(
        ctx.stores.scheduling, feed, old_claim, claim, result_of=feed, token=token,
        path=f"/feeds/{token}.ics",
    )  # fmt: skip


@command(refs={"owner_id": FEED_OWNER}, access=own_feed)
def revoke_calendar_feed(cmd: FeedCommand, ctx: CommandContext) -> CommandResult:
    practice_for_write(ctx)
    feed = _existing_feed(ctx, cmd)
    if feed is None:
        raise NotFound("No calendar feed for that owner.")
    claim = _release_token(ctx, feed.token_hash)
    feed.revoke(ctx.actor, ctx.now())
    return save(ctx.stores.scheduling, feed, claim, result_of=feed)


def feed_for_token(stores: EventStores, token: str) -> CalendarFeed | None:
    """The active feed a token opens, or None (unknown, rotated away or revoked)."""
    token_hash = hash_token(token)
    claim = claim_exists(stores.scheduling, FEED_TOKEN_CLAIM, token_hash)
    if claim is None or claim.owner_id is None:
        return None
    feed: Any = stores.scheduling.repository.get(uuid.UUID(claim.owner_id))
    if not isinstance(feed, CalendarFeed) or feed.token_hash != token_hash:
        return None
    return feed
