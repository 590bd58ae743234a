"""Stripe events already handled: one record per event id, so a webhook delivered again (Stripe
retries, or sends twice) is recognised and ignored."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id


class StripeEventHandled(PracticeAggregate):
    def __init__(self, event_id: str, event_type: str, outcome: str) -> None:
        self.event_id = event_id
        self.event_type = event_type
        self.outcome = outcome
        self.practice_id: str | None = None

    class Recorded(PracticeAggregate.Created):
        event_id: str
        event_type: str
        outcome: str

    @staticmethod
    def id_for(event_id: str) -> UUID:
        return natural_id("stripe-event", event_id)

    @classmethod
    def record(
        cls, event_id: str, event_type: str, outcome: str, by: Actor, at: datetime | None
    ) -> StripeEventHandled:
        return cls._start(
            cls.Recorded, id=cls.id_for(event_id), by=by, at=at, event_id=event_id,
            event_type=event_type, outcome=outcome,
        )  # fmt: skip
