"""Dated entries of each payer's account, for statements: every event that moves a payer's
balance becomes one entry with its date and signed amount, in the ledger's own terms
(balance = charges - payments + refunds - credits), so a statement's closing balance is the
ledger's balance. Descriptions are sealed (they may name a service).

An entry's day is the practice's, not UTC's: an invoice issued at 9 pm in New York is dated
that day. Events carry UTC times and no timezone, so an entry keeps its time (``at``) and the
reader dates it in the practice's timezone; only a day a person gave (a payment's "received
on") is kept as given (``day_given``)."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment, PaymentStatus
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection
from practicerunner.projections.reading import Reader

METHOD_NAMES = {
    "card": "Card payment",
    "us_bank_account": "Bank transfer",
    "cash": "Cash payment",
    "check": "Check payment",
    "zelle": "Zelle payment",
    "other": "Payment",
}


class StatementEntries(Projection):
    name = "statement_entries"
    version = 2
    upstreams = ("billing",)
    handles = (
        Invoice.Drafted,
        Invoice.Issued,
        Invoice.LineCredited,
        Invoice.Voided,
        Payment.Recorded,
        Payment.Refunded,
        Payment.Succeeded,
        PayerAccount.Opened,
        PayerAccount.CreditAdded,
    )
    tables = (
        Table(
            "statement_invoices",
            {
                "invoice_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "payer_id": "TEXT NOT NULL",
                "number": "INTEGER NOT NULL",
                "issued": "INTEGER NOT NULL",
                "charged_cents": "BIGINT NOT NULL",
                "credited_cents": "BIGINT NOT NULL",
            },
            key=("invoice_id",),
            booleans=("issued",),
            money=("charged_cents", "credited_cents"),
        ),
        Table(
            "statement_payments",
            {
                "payment_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "payer_id": "TEXT NOT NULL",
                "method": "TEXT NOT NULL",
                "amount_cents": "BIGINT NOT NULL",
            },
            key=("payment_id",),
            money=("amount_cents",),
        ),
        Table(
            "statement_accounts",
            {"account_id": "TEXT", "practice_id": "TEXT NOT NULL", "payer_id": "TEXT NOT NULL"},
            key=("account_id",),
        ),
        Table(
            "statement_entries",
            {
                "entry_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "payer_id": "TEXT NOT NULL",
                "on_date": "TEXT NOT NULL",
                "day_given": "INTEGER NOT NULL",
                "at": "TEXT NOT NULL",
                "kind": "TEXT NOT NULL",
                "description": "TEXT NOT NULL",
                "amount_cents": "BIGINT NOT NULL",
            },
            key=("entry_id",),
            indexes=(("practice_id", "payer_id", "on_date", "at"),),
            sealed=("description",),
            booleans=("day_given",),
            money=("amount_cents",),
        ),
    )

    @staticmethod
    def _entry(
        batch: Batch, event: Any, practice_id: str, payer_id: str, on_date: str, kind: str,
        description: str, amount: int, day_given: bool = False,
    ) -> None:  # fmt: skip
        batch.upsert(
            "statement_entries",
            {"entry_id": f"{event.originator_id}:{event.originator_version}"},
            practice_id=practice_id, payer_id=payer_id, on_date=on_date,
            day_given=int(day_given), at=event.timestamp.isoformat(), kind=kind,
            description=description, amount_cents=amount,
        )  # fmt: skip

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        day = event.timestamp.date().isoformat()
        if isinstance(event, Invoice.Event):
            key = {"invoice_id": str(event.originator_id)}
            if isinstance(event, Invoice.Drafted):
                batch.upsert(
                    "statement_invoices", key, practice_id=event.practice_id,
                    payer_id=event.billed_to_id, number=event.number, issued=0,
                    charged_cents=0, credited_cents=0,
                )  # fmt: skip
                return
            row = batch.get("statement_invoices", key)
            if row is None or row["practice_id"] is None:
                return
            practice, payer, number = row["practice_id"], row["payer_id"], row["number"]
            if isinstance(event, Invoice.Issued):
                batch.update("statement_invoices", key, issued=1, charged_cents=event.total_cents)
                self._entry(batch, event, practice, payer, day, "charge",
                            f"Invoice #{number}", event.total_cents)  # fmt: skip
            elif isinstance(event, Invoice.LineCredited) and row["issued"]:
                credited = int(row["credited_cents"]) + event.amount_cents
                batch.update("statement_invoices", key, credited_cents=credited)
                self._entry(batch, event, practice, payer, day, "credit",
                            f"Credit on invoice #{number}", -event.amount_cents)  # fmt: skip
            elif isinstance(event, Invoice.Voided) and row["issued"]:
                net = int(row["charged_cents"]) - int(row["credited_cents"])
                self._entry(batch, event, practice, payer, day, "void",
                            f"Invoice #{number} voided", -net)  # fmt: skip
        elif isinstance(event, Payment.Recorded):
            batch.upsert(
                "statement_payments", {"payment_id": str(event.originator_id)},
                practice_id=event.practice_id, payer_id=event.payer_id, method=event.method,
                amount_cents=event.amount_cents,
            )  # fmt: skip
            if event.status == PaymentStatus.SUCCEEDED.value:
                self._entry(
                    batch, event, event.practice_id, event.payer_id, event.received_on[:10],
                    "payment", METHOD_NAMES.get(event.method, "Payment"), -event.amount_cents,
                    day_given=True,
                )  # fmt: skip
        elif isinstance(event, Payment.Succeeded):
            # A pending bank debit went through: it counts from the day it did.
            row = batch.get("statement_payments", {"payment_id": str(event.originator_id)})
            if row and row["payer_id"]:
                self._entry(
                    batch, event, row["practice_id"], row["payer_id"], day, "payment",
                    METHOD_NAMES.get(row["method"], "Payment"), -int(row["amount_cents"]),
                )  # fmt: skip
        elif isinstance(event, Payment.Refunded):
            row = batch.get("statement_payments", {"payment_id": str(event.originator_id)})
            if row and row["payer_id"]:
                self._entry(batch, event, row["practice_id"], row["payer_id"], day, "refund",
                            "Refund", event.amount_cents)  # fmt: skip
        elif isinstance(event, PayerAccount.Opened):
            batch.upsert(
                "statement_accounts", {"account_id": str(event.originator_id)},
                practice_id=event.practice_id, payer_id=event.payer_id,
            )  # fmt: skip
        elif isinstance(event, PayerAccount.CreditAdded) and event.source == "manual":
            row = batch.get("statement_accounts", {"account_id": str(event.originator_id)})
            if row and row["payer_id"]:
                self._entry(batch, event, row["practice_id"], row["payer_id"], day,
                            "credit", "Account credit", -event.amount_cents)  # fmt: skip


class StatementQueries:
    def __init__(self, engine: Any) -> None:
        self.reader = Reader(engine)

    def entries(self, practice_id: str, payer_id: str) -> list[dict[str, Any]]:
        with self.reader.db.read() as tx:
            return self.reader.select(
                tx, "statement_entries", "statement_entries",
                "practice_id = %s AND payer_id = %s", [practice_id, payer_id],
                "ORDER BY on_date, at, entry_id",
            )  # fmt: skip
