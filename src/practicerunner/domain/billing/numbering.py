"""The practice's gapless, duplicate-free invoice numbers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id


class InvoiceNumbering(PracticeAggregate):
    """The practice's invoice counter. Taking a number changes this aggregate, saved in the
    same write as the invoice: two concurrent creations both read number N, the store
    accepts one version N+1, and the other write fails whole and is retried with N+1. So
    numbers never repeat and never skip (a void invoice keeps its number)."""

    snapshot_every = 100

    def __init__(self, practice_id: str) -> None:
        self.practice_id = practice_id
        self.last = 0

    class Started(PracticeAggregate.Created):
        practice_id: str

    class NumberTaken(PracticeAggregate.Event):
        number: int
        invoice_id: str

        def apply(self, numbering: InvoiceNumbering) -> None:
            numbering.last = self.number

    @staticmethod
    def id_for(practice_id: str | UUID) -> UUID:
        return natural_id("invoice-numbering", practice_id)

    @classmethod
    def start(cls, practice_id: str, by: Actor, at: datetime | None) -> InvoiceNumbering:
        return cls._start(
            cls.Started, id=cls.id_for(practice_id), by=by, at=at, practice_id=practice_id
        )

    def take(self, invoice_id: UUID, by: Actor, at: datetime | None) -> int:
        self._happen(self.NumberTaken, by, at, number=self.last + 1, invoice_id=str(invoice_id))
        return self.last
