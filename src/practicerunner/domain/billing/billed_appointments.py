"""Exactly one invoice line per billable appointment (and group participant)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id


class AppointmentBilling(PracticeAggregate):
    """One per billable appointment (and, for groups, participant): which invoice line bills
    it. Its id is deterministic, so a replayed event or a redelivered job that tries to bill
    the same appointment again fails the store's uniqueness check: exactly one line."""

    def __init__(
        self, practice_id: str, appointment_id: str, invoice_id: str, line_id: str
    ) -> None:
        self.practice_id = practice_id
        self.appointment_id = appointment_id
        self.invoice_id = invoice_id
        self.line_id = line_id
        self.credited = False

    class Billed(PracticeAggregate.Created):
        practice_id: str
        appointment_id: str
        invoice_id: str
        line_id: str

    class Credited(PracticeAggregate.Event):
        reason: str

        def apply(self, billing: AppointmentBilling) -> None:
            billing.credited = True

    class Rebilled(PracticeAggregate.Event):
        """Billed again after its line was credited (a cancelled advance bill, then a fee)."""

        invoice_id: str
        line_id: str

        def apply(self, billing: AppointmentBilling) -> None:
            billing.invoice_id = self.invoice_id
            billing.line_id = self.line_id
            billing.credited = False

    @staticmethod
    def id_for(appointment_id: str, participant_id: str | None = None) -> UUID:
        return natural_id("appointment-billing", appointment_id, participant_id or "")

    @classmethod
    def bill(
        cls,
        *,
        practice_id: str,
        appointment_id: str,
        participant_id: str | None,
        invoice_id: str,
        line_id: str,
        by: Actor,
        at: datetime | None,
    ) -> AppointmentBilling:
        return cls._start(
            cls.Billed,
            id=cls.id_for(appointment_id, participant_id),
            by=by,
            at=at,
            practice_id=practice_id,
            appointment_id=appointment_id,
            invoice_id=invoice_id,
            line_id=line_id,
        )

    def credit(self, reason: str, by: Actor, at: datetime | None) -> None:
        if not self.credited:
            self._happen(self.Credited, by, at, reason=reason)

    def rebill(self, invoice_id: str, line_id: str, by: Actor, at: datetime | None) -> None:
        assert self.credited, "only a credited appointment is billed again"
        self._happen(self.Rebilled, by, at, invoice_id=invoice_id, line_id=line_id)
