"""API access tokens: bearer secrets for clients that cannot hold a passkey session.

Stored only as hashes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate


class AccessToken(PracticeAggregate):
    """A bootstrap bearer token for API clients (stored as a hash, never in plain)."""

    def __init__(self, practice_id: str, staff_id: str, token_hash: str, label: str) -> None:
        self.practice_id = practice_id
        self.staff_id = staff_id
        self.token_hash = token_hash
        self.label = label
        self.revoked = False

    class Issued(PracticeAggregate.Created):
        practice_id: str
        staff_id: str
        token_hash: str
        label: str

    class Revoked(PracticeAggregate.Event):
        token_hash: str

        def apply(self, token: AccessToken) -> None:
            token.revoked = True

    @classmethod
    def issue(
        cls,
        *,
        id: UUID,
        practice_id: str,
        staff_id: str,
        token_hash: str,
        label: str,
        by: Actor,
        at: datetime | None,
    ) -> AccessToken:
        return cls._start(
            cls.Issued,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            staff_id=staff_id,
            token_hash=token_hash,
            label=label,
        )

    def revoke(self, by: Actor, at: datetime | None) -> None:
        if not self.revoked:
            self._happen(self.Revoked, by, at, token_hash=self.token_hash)
