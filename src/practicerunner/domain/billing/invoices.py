"""Invoices: numbered per practice with no gap and no duplicate, billed to a case's billing
contact, made of lines from appointments (date, CPT, units, fee, rendering and supervising
clinician, place of service) and free lines. Draft, issued, sent, partially paid, paid, void.

An issued invoice's lines never change silently: a session that should not have been billed
is *credited* (a dated credit against its line), so every cent on a statement is explained
by an event. Payments, account credit and refunds move ``paid_cents``; money beyond the
total never stays on an invoice: it is released to the payer's account credit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.billing.errors import (
    InvoiceDraft,
    InvoiceEmpty,
    InvoiceHasPayments,
    InvoiceIssued,
    InvoiceVoid,
)
from practicerunner.domain.billing.money import amount_must_be_positive
from practicerunner.domain.errors import Conflict, InvalidValue, RuleViolation

MAX_LINES = 500


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"


class LineKind(StrEnum):
    SESSION = "session"
    LATE_CANCEL = "late_cancel"
    NO_SHOW = "no_show"
    FREE = "free"
    DISCOUNT = "discount"


def status_of(*, issued: bool, sent: bool, void: bool, total: int, paid: int) -> InvoiceStatus:
    """The one rule for an invoice's status, used by the aggregate and the read model."""
    if void:
        return InvoiceStatus.VOID
    if not issued:
        return InvoiceStatus.DRAFT
    if paid >= total:
        return InvoiceStatus.PAID
    if paid > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.SENT if sent else InvoiceStatus.ISSUED


def display_number(number: int) -> str:
    return f"INV-{number:06d}"


def period_invoice_id(practice_id: str, payer_id: str, provider_id: str, period: str) -> UUID:
    """The one draft invoice collecting a payer's sessions with a provider in one period."""
    return natural_id("period-invoice", practice_id, payer_id, provider_id, period)


class Invoice(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        number: int,
        billed_to_id: str,
        case_id: str | None,
        person_ids: list[str],
        wording: str,
        provider_id: str | None,
        period: str | None,
    ) -> None:
        self.practice_id = practice_id
        self.number = number
        self.billed_to_id = billed_to_id
        self.case_id = case_id
        self.person_ids = list(person_ids)
        self.wording = wording  # "therapy" or "consultation"
        self.provider_id = provider_id
        self.period = period
        self.lines: list[dict[str, Any]] = []
        self.issued_at: datetime | None = None
        self.due_on: str | None = None
        self.sent = False
        self.void = False
        self.credited_cents = 0
        self.paid_cents = 0
        self.payments: dict[str, int] = {}  # payment id (or "credit") -> net cents applied
        # AutoPay: each charge attempt decided (its due time) and started (its amount).
        self.charges: dict[str, dict[str, Any]] = {}
        # Bank debits on their way (payment id -> cents): not paid yet, not to be asked again.
        self.pending: dict[str, int] = {}

    # -- derived ----------------------------------------------------------------------------

    @property
    def lines_cents(self) -> int:
        return sum(int(line["amount_cents"]) for line in self.lines)

    @property
    def total_cents(self) -> int:
        return self.lines_cents - self.credited_cents

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def pending_cents(self) -> int:
        return sum(self.pending.values())

    @property
    def payable_cents(self) -> int:
        """What may be asked of the payer now: the balance less bank debits on their way."""
        return max(0, self.balance_cents - self.pending_cents)

    @property
    def status(self) -> InvoiceStatus:
        return status_of(
            issued=self.issued_at is not None,
            sent=self.sent,
            void=self.void,
            total=self.total_cents,
            paid=self.paid_cents,
        )

    @property
    def is_open(self) -> bool:
        """Issued, not void, and something is still owed."""
        return self.issued_at is not None and not self.void and self.balance_cents > 0

    def line(self, line_id: str) -> dict[str, Any]:
        for line in self.lines:
            if line["line_id"] == line_id:
                return line
        raise InvalidValue("No line with that id on this invoice.", field="line_id")

    # -- events -----------------------------------------------------------------------------

    class Drafted(PracticeAggregate.Created):
        practice_id: str
        number: int
        billed_to_id: str
        case_id: str | None
        person_ids: list[str]
        wording: str
        provider_id: str | None
        period: str | None

    class LineAdded(PracticeAggregate.Event):
        line: dict[str, Any]

        def apply(self, invoice: Invoice) -> None:
            invoice.lines = [*invoice.lines, dict(self.line)]

    class LineRemoved(PracticeAggregate.Event):
        line_id: str

        def apply(self, invoice: Invoice) -> None:
            invoice.lines = [ln for ln in invoice.lines if ln["line_id"] != self.line_id]

    class Issued(PracticeAggregate.Event):
        due_on: str
        total_cents: int

        def apply(self, invoice: Invoice) -> None:
            invoice.issued_at = self.timestamp
            invoice.due_on = self.due_on

    class Sent(PracticeAggregate.Event):
        def apply(self, invoice: Invoice) -> None:
            invoice.sent = True

    class LineCredited(PracticeAggregate.Event):
        line_id: str
        amount_cents: int
        reason: str

        def apply(self, invoice: Invoice) -> None:
            invoice.credited_cents += self.amount_cents
            invoice.lines = [
                {**ln, "credited": True} if ln["line_id"] == self.line_id else ln
                for ln in invoice.lines
            ]

    class PaymentApplied(PracticeAggregate.Event):
        payment_id: str  # a payment's id, or "credit" for the payer's account credit
        amount_cents: int

        def apply(self, invoice: Invoice) -> None:
            invoice.paid_cents += self.amount_cents
            invoice.payments = {
                **invoice.payments,
                self.payment_id: invoice.payments.get(self.payment_id, 0) + self.amount_cents,
            }

    class PaymentReversed(PracticeAggregate.Event):
        payment_id: str
        amount_cents: int

        def apply(self, invoice: Invoice) -> None:
            invoice.paid_cents -= self.amount_cents
            invoice.payments = {
                **invoice.payments,
                self.payment_id: invoice.payments.get(self.payment_id, 0) - self.amount_cents,
            }

    class PaymentReturned(PracticeAggregate.Event):
        """A payment applied here was taken back by the payer's bank: owed again."""

        payment_id: str
        amount_cents: int

        def apply(self, invoice: Invoice) -> None:
            invoice.paid_cents -= self.amount_cents
            invoice.payments = {
                **invoice.payments,
                self.payment_id: invoice.payments.get(self.payment_id, 0) - self.amount_cents,
            }

    class SurplusReleased(PracticeAggregate.Event):
        """Paid beyond the total (after a credit): the surplus goes to account credit."""

        amount_cents: int
        from_payments: dict[str, int]

        def apply(self, invoice: Invoice) -> None:
            invoice.paid_cents -= self.amount_cents
            invoice.payments = {
                k: v - self.from_payments.get(k, 0) for k, v in invoice.payments.items()
            }

    class PaymentPending(PracticeAggregate.Event):
        """A bank debit for this invoice is on its way (days, until it succeeds or fails)."""

        payment_id: str
        amount_cents: int

        def apply(self, invoice: Invoice) -> None:
            invoice.pending = {**invoice.pending, self.payment_id: self.amount_cents}

    class PendingPaymentEnded(PracticeAggregate.Event):
        """The bank debit succeeded (its money is applied next) or failed."""

        payment_id: str
        amount_cents: int
        outcome: str

        def apply(self, invoice: Invoice) -> None:
            invoice.pending = {k: v for k, v in invoice.pending.items() if k != self.payment_id}

    class ChargeScheduled(PracticeAggregate.Event):
        """AutoPay decided to charge the payer's saved method at ``due_at`` (attempt 1, or a
        retry after a failure). The charge's idempotency key derives from this decision."""

        attempt: int
        due_at: datetime

        def apply(self, invoice: Invoice) -> None:
            invoice.charges = {
                **invoice.charges,
                str(self.attempt): {"due_at": self.due_at.isoformat(), "amount_cents": None,
                                    "outcome": None},
            }  # fmt: skip

    class ChargeStarted(PracticeAggregate.Event):
        """The amount is fixed before Stripe is called, so a retried job asks for the same."""

        attempt: int
        amount_cents: int

        def apply(self, invoice: Invoice) -> None:
            charge = {**invoice.charges[str(self.attempt)], "amount_cents": self.amount_cents}
            invoice.charges = {**invoice.charges, str(self.attempt): charge}

    class ChargeFailed(PracticeAggregate.Event):
        attempt: int
        code: str | None

        def apply(self, invoice: Invoice) -> None:
            charge = {**invoice.charges[str(self.attempt)], "outcome": "failed", "code": self.code}
            invoice.charges = {**invoice.charges, str(self.attempt): charge}

    class Voided(PracticeAggregate.Event):
        reason: str

        def apply(self, invoice: Invoice) -> None:
            invoice.void = True

    # -- intentions -------------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        id: UUID,
        practice_id: str,
        number: int,
        billed_to_id: str,
        case_id: str | None,
        person_ids: list[str],
        wording: str,
        by: Actor,
        at: datetime | None,
        provider_id: str | None = None,
        period: str | None = None,
    ) -> Invoice:
        if wording not in ("therapy", "consultation"):
            raise InvalidValue("Wording is therapy or consultation.", field="wording")
        return cls._start(
            cls.Drafted,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            number=number,
            billed_to_id=billed_to_id,
            case_id=case_id,
            person_ids=list(person_ids),
            wording=wording,
            provider_id=provider_id,
            period=period,
        )

    def _must_be_draft(self, doing: str) -> None:
        if self.void:
            raise InvoiceVoid(f"A void invoice cannot be {doing}.")
        if self.issued_at is not None:
            raise InvoiceIssued(f"An issued invoice cannot be {doing}; credit a line instead.")

    def _must_be_issued(self, doing: str) -> None:
        if self.void:
            raise InvoiceVoid(f"A void invoice cannot be {doing}.")
        if self.issued_at is None:
            raise InvoiceDraft(f"A draft invoice cannot be {doing}.")

    def add_line(self, line: dict[str, Any], by: Actor, at: datetime | None) -> None:
        self._must_be_draft("changed")
        if len(self.lines) >= MAX_LINES:
            raise RuleViolation(f"An invoice has at most {MAX_LINES} lines.")
        if any(ln["line_id"] == line["line_id"] for ln in self.lines):
            raise Conflict("That line is already on this invoice.")
        self._happen(self.LineAdded, by, at, line=dict(line))

    def remove_line(self, line_id: str, by: Actor, at: datetime | None) -> None:
        self._must_be_draft("changed")
        self.line(line_id)
        self._happen(self.LineRemoved, by, at, line_id=line_id)

    def issue(self, due_on: date, by: Actor, at: datetime) -> None:
        self._must_be_draft("issued again")
        if not self.lines:
            raise InvoiceEmpty("An invoice without lines cannot be issued.")
        if self.lines_cents < 0:
            raise RuleViolation("An invoice's lines add up to less than nothing.")
        self._happen(self.Issued, by, at, due_on=due_on.isoformat(), total_cents=self.total_cents)

    def mark_sent(self, by: Actor, at: datetime | None) -> None:
        self._must_be_issued("sent")
        if not self.sent:
            self._happen(self.Sent, by, at)

    def credit_line(self, line_id: str, reason: str, by: Actor, at: datetime | None) -> int:
        """Credits an issued line's whole amount; returns the surplus now paid beyond the
        total (the caller moves it to account credit)."""
        self._must_be_issued("credited")
        line = self.line(line_id)
        if line.get("credited"):
            return 0
        amount = int(line["amount_cents"])
        if amount <= 0:
            raise RuleViolation("Only a charged line can be credited.")
        self._happen(self.LineCredited, by, at, line_id=line_id, amount_cents=amount, reason=reason)
        return max(0, -self.balance_cents)

    def apply_payment(self, payment_id: str, cents: int, by: Actor, at: datetime | None) -> int:
        """Applies up to ``cents`` of a payment (or account credit); returns what was applied
        (never more than the balance: the rest is the caller's to keep as credit)."""
        self._must_be_issued("paid")
        amount_must_be_positive(cents)
        applied = min(cents, self.balance_cents)
        if applied > 0:
            self._happen(self.PaymentApplied, by, at, payment_id=payment_id, amount_cents=applied)
        return max(applied, 0)

    def reverse_payment(self, payment_id: str, cents: int, by: Actor, at: datetime | None) -> int:
        applied = self.payments.get(payment_id, 0)
        reversed_cents = min(cents, applied)
        if reversed_cents > 0:
            self._happen(
                self.PaymentReversed, by, at, payment_id=payment_id, amount_cents=reversed_cents
            )
        return max(reversed_cents, 0)

    def payment_returned(self, payment_id: str, by: Actor, at: datetime | None) -> int:
        """Everything the payment still pays here is owed again; returns how much."""
        applied = self.payments.get(payment_id, 0)
        if applied > 0:
            self._happen(self.PaymentReturned, by, at, payment_id=payment_id, amount_cents=applied)
        return max(applied, 0)

    def release_surplus(self, by: Actor, at: datetime | None) -> int:
        surplus = -self.balance_cents
        if surplus <= 0 or self.void:
            return 0
        taken: dict[str, int] = {}
        left = surplus
        for payment_id, cents in reversed(list(self.payments.items())):
            take = min(left, cents)
            if take > 0:
                taken[payment_id] = take
                left -= take
        self._happen(self.SurplusReleased, by, at, amount_cents=surplus, from_payments=taken)
        return surplus

    def void_it(self, reason: str, by: Actor, at: datetime | None) -> None:
        if self.void:
            raise InvoiceVoid("This invoice is already void.")
        if self.paid_cents != 0:
            raise InvoiceHasPayments(
                "Money is applied to this invoice: refund it or credit its lines instead."
            )
        clean = reason.strip()
        if not clean or len(clean) > 500:
            raise InvalidValue("A void needs a reason of at most 500 characters.", field="reason")
        self._happen(self.Voided, by, at, reason=clean)

    def hold_pending(self, payment_id: str, cents: int, by: Actor, at: datetime | None) -> None:
        if payment_id not in self.pending:
            self._happen(self.PaymentPending, by, at, payment_id=payment_id, amount_cents=cents)

    def end_pending(self, payment_id: str, outcome: str, by: Actor, at: datetime | None) -> None:
        if payment_id in self.pending:
            self._happen(
                self.PendingPaymentEnded, by, at, payment_id=payment_id,
                amount_cents=self.pending[payment_id], outcome=outcome,
            )  # fmt: skip

    # -- AutoPay ----------------------------------------------------------------------------

    @staticmethod
    def charge_key(invoice_id: UUID | str, attempt: int) -> str:
        return f"charge:{invoice_id}:{attempt}"

    def schedule_charge(self, attempt: int, due_at: datetime, by: Actor, at: datetime) -> bool:
        self._must_be_issued("charged")
        if str(attempt) in self.charges:
            return False
        self._happen(self.ChargeScheduled, by, at, attempt=attempt, due_at=due_at)
        return True

    def start_charge(self, attempt: int, by: Actor, at: datetime | None) -> int:
        """The amount of this attempt: fixed the first time it is started."""
        charge = self.charges.get(str(attempt))
        if charge is None:
            raise InvalidValue("No such charge attempt.", field="attempt")
        if charge["amount_cents"] is None:
            self._happen(
                self.ChargeStarted, by, at, attempt=attempt, amount_cents=self.payable_cents
            )
        return int(self.charges[str(attempt)]["amount_cents"])

    def fail_charge(self, attempt: int, code: str | None, by: Actor, at: datetime | None) -> bool:
        charge = self.charges.get(str(attempt))
        if charge is None or charge.get("outcome") == "failed":
            return False
        self._happen(self.ChargeFailed, by, at, attempt=attempt, code=code)
        return True
