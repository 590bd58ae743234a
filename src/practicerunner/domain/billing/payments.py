"""Payments: money a payer gave (an outside payment staff recorded, or a card or bank
transfer through Stripe), where it went (invoices, the rest to account credit) and what was
refunded. A bank transfer stays pending until it succeeds, fails or is returned. A card or
bank payment is refunded through Stripe: the refund is asked for first (its cents held, so
no second request can refund them again) and recorded when Stripe has made it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.billing.errors import RefundExceedsPayment
from practicerunner.domain.billing.money import amount_must_be_positive
from practicerunner.domain.billing.settings import METHODS
from practicerunner.domain.errors import InvalidValue, RuleViolation


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RETURNED = "returned"


class Payment(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        payer_id: str,
        method: str,
        amount_cents: int,
        received_on: str,
        reference: str | None,
        status: str,
        charge_key: str | None,
    ) -> None:
        self.practice_id = practice_id
        self.payer_id = payer_id
        self.method = method
        self.amount_cents = amount_cents
        self.received_on = received_on
        self.reference = reference
        self.status = PaymentStatus(status)
        self.charge_key = charge_key
        self.allocations: dict[str, int] = {}  # invoice id -> cents (net of reversals)
        self.to_credit_cents = 0
        self.refunded_cents = 0
        # refund id -> {"amount_cents", "reason"}: refunds asked of Stripe, not yet made
        self.refunds_in_flight: dict[str, dict[str, Any]] = {}

    @property
    def refundable_cents(self) -> int:
        if self.status != PaymentStatus.SUCCEEDED:
            return 0
        held = sum(int(r["amount_cents"]) for r in self.refunds_in_flight.values())
        return self.amount_cents - self.refunded_cents - held

    def refundable_by(self, refund_id: str) -> int:
        """What a refund may take: what is left, plus what was held for this very refund."""
        held = self.refunds_in_flight.get(refund_id, {}).get("amount_cents", 0)
        return self.refundable_cents + int(held)

    class Recorded(PracticeAggregate.Created):
        practice_id: str
        payer_id: str
        method: str
        amount_cents: int
        received_on: str
        reference: str | None
        status: str
        charge_key: str | None

    class Allocated(PracticeAggregate.Event):
        invoice_id: str
        amount_cents: int

        def apply(self, payment: Payment) -> None:
            payment.allocations = {
                **payment.allocations,
                self.invoice_id: payment.allocations.get(self.invoice_id, 0) + self.amount_cents,
            }

    class KeptAsCredit(PracticeAggregate.Event):
        amount_cents: int

        def apply(self, payment: Payment) -> None:
            payment.to_credit_cents += self.amount_cents

    class Refunded(PracticeAggregate.Event):
        refund_id: str
        amount_cents: int
        from_invoices: dict[str, int]
        from_credit_cents: int
        reason: str | None

        def apply(self, payment: Payment) -> None:
            payment.refunds_in_flight = {
                k: v for k, v in payment.refunds_in_flight.items() if k != self.refund_id
            }
            payment.refunded_cents += self.amount_cents
            payment.to_credit_cents -= self.from_credit_cents
            payment.allocations = {
                k: v - self.from_invoices.get(k, 0) for k, v in payment.allocations.items()
            }

    class RefundRequested(PracticeAggregate.Event):
        """A refund through Stripe, decided; ``Refunded`` follows once Stripe made it."""

        refund_id: str
        amount_cents: int
        reason: str | None

        def apply(self, payment: Payment) -> None:
            asked = {"amount_cents": self.amount_cents, "reason": self.reason}
            payment.refunds_in_flight = {**payment.refunds_in_flight, self.refund_id: asked}

    class RefundRefused(PracticeAggregate.Event):
        """Stripe refused a refund asked of it: nothing was given back."""

        refund_id: str
        code: str | None

        def apply(self, payment: Payment) -> None:
            payment.refunds_in_flight = {
                k: v for k, v in payment.refunds_in_flight.items() if k != self.refund_id
            }

    class Returned(PracticeAggregate.Event):
        """A bank debit that had succeeded was taken back by the payer's bank (an ACH return,
        or an ACH dispute, which is final): the money it paid is owed again."""

        code: str | None
        amount_cents: int  # what was still held of it (its amount less refunds)
        from_invoices: dict[str, int]
        from_credit_cents: int

        def apply(self, payment: Payment) -> None:
            payment.status = PaymentStatus.RETURNED
            payment.to_credit_cents -= self.from_credit_cents
            payment.allocations = {
                k: v - self.from_invoices.get(k, 0) for k, v in payment.allocations.items()
            }

    class Succeeded(PracticeAggregate.Event):
        """A pending bank debit went through."""

        def apply(self, payment: Payment) -> None:
            payment.status = PaymentStatus.SUCCEEDED

    class Failed(PracticeAggregate.Event):
        code: str | None

        def apply(self, payment: Payment) -> None:
            payment.status = PaymentStatus.FAILED

    @staticmethod
    def id_for_stripe(payment_intent_id: str) -> UUID:
        """One payment per PaymentIntent, however often its outcome is reported."""
        return natural_id("stripe-payment", payment_intent_id)

    def succeed(self, by: Actor, at: datetime | None) -> bool:
        if self.status != PaymentStatus.PENDING:
            return False
        self._happen(self.Succeeded, by, at)
        return True

    def fail(self, code: str | None, by: Actor, at: datetime | None) -> bool:
        if self.status != PaymentStatus.PENDING:
            return False
        self._happen(self.Failed, by, at, code=code)
        return True

    @classmethod
    def record(
        cls,
        *,
        id: UUID,
        practice_id: str,
        payer_id: str,
        method: str,
        amount_cents: int,
        received_on: str,
        reference: str | None,
        by: Actor,
        at: datetime | None,
        status: PaymentStatus = PaymentStatus.SUCCEEDED,
        charge_key: str | None = None,
    ) -> Payment:
        if method not in METHODS:
            raise InvalidValue(f"A method is one of {', '.join(METHODS)}.", field="method")
        amount_must_be_positive(amount_cents)
        clean = (reference or "").strip() or None
        if clean and len(clean) > 100:
            raise InvalidValue("A reference is at most 100 characters.", field="reference")
        return cls._start(
            cls.Recorded, id=id, by=by, at=at, practice_id=practice_id, payer_id=payer_id,
            method=method, amount_cents=amount_cents, received_on=received_on,
            reference=clean, status=status.value, charge_key=charge_key,
        )  # fmt: skip

    def allocate(self, invoice_id: str, cents: int, by: Actor, at: datetime | None) -> None:
        if cents > 0:
            self._happen(self.Allocated, by, at, invoice_id=invoice_id, amount_cents=cents)

    def keep_as_credit(self, cents: int, by: Actor, at: datetime | None) -> None:
        if cents > 0:
            self._happen(self.KeptAsCredit, by, at, amount_cents=cents)

    def refund(
        self,
        refund_id: str,
        cents: int,
        from_invoices: dict[str, int],
        from_credit: int,
        reason: str | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        amount_must_be_positive(cents)
        if cents > self.refundable_by(refund_id):
            raise RefundExceedsPayment(
                f"At most {self.refundable_by(refund_id)} cents of this payment can be refunded."
            )
        if sum(from_invoices.values()) + from_credit != cents:  # pragma: no cover - caller bug
            raise RuleViolation("A refund must say where every cent comes from.")
        self._happen(
            self.Refunded, by, at, refund_id=refund_id, amount_cents=cents,
            from_invoices=dict(from_invoices), from_credit_cents=from_credit, reason=reason,
        )  # fmt: skip

    def request_refund(
        self, refund_id: str, cents: int, reason: str | None, by: Actor, at: datetime | None
    ) -> None:
        amount_must_be_positive(cents)
        if cents > self.refundable_cents:
            raise RefundExceedsPayment(
                f"At most {self.refundable_cents} cents of this payment can be refunded."
            )
        self._happen(
            self.RefundRequested, by, at, refund_id=refund_id, amount_cents=cents, reason=reason
        )

    def refund_refused(
        self, refund_id: str, code: str | None, by: Actor, at: datetime | None
    ) -> None:
        if refund_id in self.refunds_in_flight:
            self._happen(self.RefundRefused, by, at, refund_id=refund_id, code=code)

    def mark_returned(
        self,
        code: str | None,
        from_invoices: dict[str, int],
        from_credit: int,
        by: Actor,
        at: datetime | None,
    ) -> None:
        self._happen(
            self.Returned, by, at, code=code, amount_cents=self.amount_cents - self.refunded_cents,
            from_invoices=dict(from_invoices), from_credit_cents=from_credit,
        )  # fmt: skip
