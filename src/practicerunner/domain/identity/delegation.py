"""Delegation: the owner's grant that lets an admin act as one provider (PRODUCT.md section 1)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import RuleViolation


class DelegationGrant(PracticeAggregate):
    """The owner authorises an admin to act as one provider (PRODUCT.md section 1). The owner
    needs no grant. Its id is ``natural_id("delegation", admin, provider)``: one per pair."""

    def __init__(self, practice_id: str, admin_id: str, provider_id: str) -> None:
        self.practice_id = practice_id
        self.admin_id = admin_id
        self.provider_id = provider_id
        self.active = True

    class Granted(PracticeAggregate.Created):
        practice_id: str
        admin_id: str
        provider_id: str

    class Revoked(PracticeAggregate.Event):
        def apply(self, grant: DelegationGrant) -> None:
            grant.active = False

    class Renewed(PracticeAggregate.Event):
        def apply(self, grant: DelegationGrant) -> None:
            grant.active = True

    @staticmethod
    def id_for(admin_id: str, provider_id: str) -> UUID:
        return natural_id("delegation", admin_id, provider_id)

    @classmethod
    def grant(
        cls, *, practice_id: str, admin_id: str, provider_id: str, by: Actor, at: datetime
    ) -> DelegationGrant:
        if admin_id == provider_id:
            raise RuleViolation("Nobody needs a grant to act as themselves.")
        return cls._start(
            cls.Granted,
            id=cls.id_for(admin_id, provider_id),
            by=by,
            at=at,
            practice_id=practice_id,
            admin_id=admin_id,
            provider_id=provider_id,
        )

    def renew(self, by: Actor, at: datetime) -> None:
        if not self.active:
            self._happen(self.Renewed, by, at)

    def revoke(self, by: Actor, at: datetime) -> None:
        if self.active:
            self._happen(self.Revoked, by, at)
