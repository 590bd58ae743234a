"""A payer's account: one per billing contact (a person or an organisation) in a practice.
It holds the payer's account credit, which of their invoices are open (oldest first, so
credit always pays the oldest), and their AutoPay state. Every command that moves a payer's
money saves this account in the same write, so two concurrent payments for one payer are
serialised by the store instead of racing."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.billing.errors import NoSavedMethod, NotEnoughCredit
from practicerunner.domain.billing.money import amount_must_be_positive

CREDIT_SOURCES = ("overpayment", "manual", "surplus")


class PayerAccount(PracticeAggregate):
    snapshot_every = 50
    # The payer's own AutoPay consent ({"text", "at"}) while AutoPay is on by it (cleared when
    # AutoPay goes off); a class default, so snapshots taken before consent was recorded still
    # load.
    autopay_consent: dict[str, str] | None = None

    def __init__(self, practice_id: str, payer_id: str) -> None:
        self.practice_id = practice_id
        self.payer_id = payer_id
        self.credit_cents = 0
        self.open_invoices: dict[str, int] = {}  # invoice id -> number
        self.autopay = False
        self.saved_method: dict[str, Any] | None = None
        self.customer_id: str | None = None
        self.autopay_off_reason: str | None = None

    @staticmethod
    def id_for(practice_id: str | UUID, payer_id: str | UUID) -> UUID:
        return natural_id("payer-account", practice_id, payer_id)

    @property
    def oldest_first(self) -> list[str]:
        return [i for i, _ in sorted(self.open_invoices.items(), key=lambda kv: kv[1])]

    class Opened(PracticeAggregate.Created):
        practice_id: str
        payer_id: str

    class InvoiceOpened(PracticeAggregate.Event):
        invoice_id: str
        number: int

        def apply(self, account: PayerAccount) -> None:
            account.open_invoices = {**account.open_invoices, self.invoice_id: self.number}

    class InvoiceClosed(PracticeAggregate.Event):
        invoice_id: str

        def apply(self, account: PayerAccount) -> None:
            account.open_invoices = {
                k: v for k, v in account.open_invoices.items() if k != self.invoice_id
            }

    class CreditAdded(PracticeAggregate.Event):
        amount_cents: int
        source: str  # overpayment, manual, surplus
        reference_id: str | None
        note: str | None

        def apply(self, account: PayerAccount) -> None:
            account.credit_cents += self.amount_cents

    class CreditUsed(PracticeAggregate.Event):
        amount_cents: int
        invoice_id: str

        def apply(self, account: PayerAccount) -> None:
            account.credit_cents -= self.amount_cents

    class CreditRefunded(PracticeAggregate.Event):
        amount_cents: int
        payment_id: str

        def apply(self, account: PayerAccount) -> None:
            account.credit_cents -= self.amount_cents

    class AutoPayTurnedOn(PracticeAggregate.Event):
        def apply(self, account: PayerAccount) -> None:
            account.autopay = True
            account.autopay_off_reason = None

    class AutoPayConsented(PracticeAggregate.Event):
        """The payer agreed, in the portal, to the AutoPay wording shown to them (kept word
        for word). ``AutoPayTurnedOn`` follows it when AutoPay was off."""

        consent_text: str

        def apply(self, account: PayerAccount) -> None:
            account.autopay_consent = {"text": self.consent_text, "at": self.timestamp.isoformat()}

    class AutoPayTurnedOff(PracticeAggregate.Event):
        reason: str

        def apply(self, account: PayerAccount) -> None:
            account.autopay = False
            account.autopay_off_reason = self.reason
            account.autopay_consent = None  # a consent ends with the AutoPay it turned on

    class CustomerLinked(PracticeAggregate.Event):
        customer_id: str

        def apply(self, account: PayerAccount) -> None:
            account.customer_id = self.customer_id

    class MethodSaved(PracticeAggregate.Event):
        method: dict[str, Any]  # {"id", "kind": card|us_bank_account, "label"}

        def apply(self, account: PayerAccount) -> None:
            account.saved_method = dict(self.method)

    @classmethod
    def open(cls, practice_id: str, payer_id: str, by: Actor, at: datetime | None) -> PayerAccount:
        return cls._start(
            cls.Opened,
            id=cls.id_for(practice_id, payer_id),
            by=by,
            at=at,
            practice_id=practice_id,
            payer_id=payer_id,
        )

    def track(self, invoice_id: str, number: int, is_open: bool, by: Actor, at: Any) -> None:
        """Keeps the open-invoice list in line with an invoice just changed."""
        if is_open and invoice_id not in self.open_invoices:
            self._happen(self.InvoiceOpened, by, at, invoice_id=invoice_id, number=number)
        elif not is_open and invoice_id in self.open_invoices:
            self._happen(self.InvoiceClosed, by, at, invoice_id=invoice_id)

    def add_credit(
        self,
        cents: int,
        source: str,
        by: Actor,
        at: datetime | None,
        reference_id: str | None = None,
        note: str | None = None,
    ) -> None:
        assert source in CREDIT_SOURCES
        amount_must_be_positive(cents)
        self._happen(
            self.CreditAdded, by, at, amount_cents=cents, source=source,
            reference_id=reference_id, note=note,
        )  # fmt: skip

    def use_credit(self, cents: int, invoice_id: str, by: Actor, at: datetime | None) -> None:
        if cents > self.credit_cents:
            raise NotEnoughCredit("Not that much account credit.")
        self._happen(self.CreditUsed, by, at, amount_cents=cents, invoice_id=invoice_id)

    def refund_credit(self, cents: int, payment_id: str, by: Actor, at: datetime | None) -> None:
        if cents > self.credit_cents:
            raise NotEnoughCredit("Not that much account credit.")
        self._happen(self.CreditRefunded, by, at, amount_cents=cents, payment_id=payment_id)

    def turn_autopay_on(self, by: Actor, at: datetime | None) -> None:
        if self.saved_method is None:
            raise NoSavedMethod("AutoPay needs a saved card or bank account.")
        if not self.autopay:
            self._happen(self.AutoPayTurnedOn, by, at)

    def consent_to_autopay(self, consent_text: str, by: Actor, at: datetime | None) -> None:
        """The payer's own consent: recorded even when staff had AutoPay on already, and again
        only when the wording they agreed to changed or AutoPay was off meanwhile."""
        if self.saved_method is None:
            raise NoSavedMethod("AutoPay needs a saved card or bank account.")
        consent = self.autopay_consent
        if not (self.autopay and consent is not None and consent["text"] == consent_text):
            self._happen(self.AutoPayConsented, by, at, consent_text=consent_text)
        self.turn_autopay_on(by, at)

    def turn_autopay_off(self, reason: str, by: Actor, at: datetime | None) -> None:
        if self.autopay:
            self._happen(self.AutoPayTurnedOff, by, at, reason=reason)

    def link_customer(self, customer_id: str, by: Actor, at: datetime | None) -> None:
        if self.customer_id != customer_id:
            self._happen(self.CustomerLinked, by, at, customer_id=customer_id)

    def save_method(self, method: dict[str, Any], by: Actor, at: datetime | None) -> None:
        if self.saved_method != method:
            self._happen(self.MethodSaved, by, at, method=dict(method))
