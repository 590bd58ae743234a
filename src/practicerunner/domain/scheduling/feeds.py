"""Private calendar feeds: one per provider and per client, reached by a secret token that is
stored only as a hash and can be revoked or rotated."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import RuleViolation

FEED_TOKEN_CLAIM = "calendar-feed-token"


class FeedOwner(StrEnum):
    PROVIDER = "provider"
    CLIENT = "client"


class CalendarFeed(PracticeAggregate):
    def __init__(self, practice_id: str, owner_kind: str, owner_id: str, token_hash: str) -> None:
        self.practice_id = practice_id
        self.owner_kind = FeedOwner(owner_kind)
        self.owner_id = owner_id
        self.token_hash: str | None = token_hash

    @property
    def active(self) -> bool:
        return self.token_hash is not None

    @staticmethod
    def id_for(practice_id: str, owner_kind: FeedOwner, owner_id: str) -> UUID:
        return natural_id("calendar-feed", practice_id, owner_kind.value, owner_id)

    class Enabled(PracticeAggregate.Created):
        practice_id: str
        owner_kind: str
        owner_id: str
        token_hash: str

    class TokenRotated(PracticeAggregate.Event):
        token_hash: str
        previous_hash: str | None

        def apply(self, feed: CalendarFeed) -> None:
            feed.token_hash = self.token_hash

    class Revoked(PracticeAggregate.Event):
        previous_hash: str

        def apply(self, feed: CalendarFeed) -> None:
            feed.token_hash = None

    @classmethod
    def enable(
        cls,
        *,
        practice_id: str,
        owner_kind: FeedOwner,
        owner_id: str,
        token_hash: str,
        by: Actor,
        at: datetime | None,
    ) -> CalendarFeed:
        owner_kind = FeedOwner(owner_kind)
        return cls._start(
            cls.Enabled,
            id=cls.id_for(practice_id, owner_kind, owner_id),
            by=by,
            at=at,
            practice_id=practice_id,
            owner_kind=owner_kind.value,
            owner_id=owner_id,
            token_hash=token_hash,
        )

    def rotate(self, token_hash: str, by: Actor, at: datetime | None) -> None:
        """A new token replaces the old one (which stops working at once); also re-enables a
        revoked feed."""
        self._happen(
            self.TokenRotated, by, at, token_hash=token_hash, previous_hash=self.token_hash
        )

    def revoke(self, by: Actor, at: datetime | None) -> None:
        if self.token_hash is None:
            raise RuleViolation("This calendar feed is already switched off.")
        self._happen(self.Revoked, by, at, previous_hash=self.token_hash)
