"""The ledger: every invoice and payment as a row, and running totals per payer (billing
contact), case and person: charges, payments, refunds, returns (bank debits taken back after
they succeeded), credits and the balance they make (``charges - payments + refunds + returns
- credits``, to the cent). Revenue by rendering provider and month of service. Aging is asked
of the open invoices at query time, since it depends on the day asked, not on any event.

What counts where: a payer's payments are the money they paid (a payment event); a case's
or person's are what was applied to that case's invoices (account credit included), since
money on account belongs to no case until it pays an invoice. Credits are credited lines and
credit given by hand; credit from an overpayment is not a ledger credit (the payment already
counts), it is the payer's available credit. Line descriptions and references are sealed."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.invoices import Invoice, status_of
from practicerunner.domain.billing.payments import Payment, PaymentStatus
from practicerunner.projections.batch import Batch
from practicerunner.projections.billing.ledger_tables import LINE_COLUMNS, MONEY, TABLES, TOTALS
from practicerunner.projections.engine import Projection


@lru_cache(maxsize=4096)
def _people(person_ids: str) -> tuple[str, ...]:
    return tuple(json.loads(person_ids))


class Ledger(Projection):
    name = "billing_ledger"
    version = 5
    upstreams = ("billing",)
    handles = (
        Invoice.Drafted,
        Invoice.LineAdded,
        Invoice.LineRemoved,
        Invoice.Issued,
        Invoice.Sent,
        Invoice.LineCredited,
        Invoice.PaymentApplied,
        Invoice.PaymentReversed,
        Invoice.PaymentReturned,
        Invoice.SurplusReleased,
        Invoice.PaymentPending,
        Invoice.PendingPaymentEnded,
        Invoice.Voided,
        Payment.Recorded,
        Payment.Allocated,
        Payment.KeptAsCredit,
        Payment.Refunded,
        Payment.Returned,
        Payment.Succeeded,
        Payment.Failed,
        PayerAccount.Opened,
        PayerAccount.CreditAdded,
        PayerAccount.CreditUsed,
        PayerAccount.CreditRefunded,
        PayerAccount.AutoPayTurnedOn,
        PayerAccount.AutoPayTurnedOff,
        PayerAccount.MethodSaved,
    )
    tables = TABLES

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _bump(batch: Batch, practice_id: str, scope: str, scope_id: str, **deltas: int) -> None:
        key = {"practice_id": practice_id, "scope": scope, "scope_id": scope_id}
        row = batch.get(TOTALS, key) or {
            **dict.fromkeys((*MONEY, "balance_cents", "credit_available_cents"), 0),
            "autopay": 0,
            "saved_method": None,
        }
        values = {
            c: int(row[c] or 0) + deltas.get(c, 0) for c in (*MONEY, "credit_available_cents")
        }
        values["balance_cents"] = (
            values["charges_cents"]
            - values["payments_cents"]
            + values["refunds_cents"]
            + values["returns_cents"]
            - values["credits_cents"]
        )
        batch.upsert(
            TOTALS, key, **values, autopay=row["autopay"] or 0, saved_method=row["saved_method"]
        )

    def _scopes(self, batch: Batch, row: dict[str, Any], payer: bool, **deltas: int) -> None:
        practice_id = row["practice_id"]
        if payer:
            self._bump(batch, practice_id, "payer", row["billed_to_id"], **deltas)
        if row["case_id"]:
            self._bump(batch, practice_id, "case", row["case_id"], **deltas)
        for person_id in _people(row["person_ids"]):
            self._bump(batch, practice_id, "person", person_id, **deltas)

    @staticmethod
    def _revenue(batch: Batch, practice_id: str, part: str, month: str, **deltas: int) -> None:
        provider, _, service_month = part.partition("|")
        key = {"practice_id": practice_id, "provider_id": provider, "month": service_month or month}
        found = batch.get("revenue", key) or {"billed_cents": 0, "credited_cents": 0}
        batch.upsert(
            "revenue",
            key,
            **{c: int(found[c]) + deltas.get(c, 0) for c in ("billed_cents", "credited_cents")},
        )

    @staticmethod
    def _part(row: dict[str, Any], line: dict[str, Any]) -> str:
        """Where a line's revenue goes: its rendering provider and month of service (a line
        without a session date counts in the month the invoice is issued)."""
        provider = line.get("rendering_provider_id") or row["provider_id"] or ""
        return f"{provider}|{(line.get('service_date') or '')[:7]}"

    @staticmethod
    def _parts(row: dict[str, Any], part: str, billed: int = 0, credited: int = 0) -> str:
        parts = json.loads(row["revenue_parts"])
        was = parts.get(part, [0, 0])
        parts[part] = [was[0] + billed, was[1] + credited]
        return json.dumps({k: v for k, v in parts.items() if v != [0, 0]})

    @staticmethod
    def _refresh(
        batch: Batch, key: dict[str, Any], row: dict[str, Any], event: Any, **changes: Any
    ) -> None:
        merged = {**row, **changes}
        total = int(merged["lines_cents"]) - int(merged["credited_cents"])
        paid = int(merged["paid_cents"])
        merged["total_cents"], merged["balance_cents"] = total, total - paid
        merged["status"] = status_of(
            issued=merged["issued_at"] is not None,
            sent=bool(merged["sent"]),
            void=merged["status"] == "void" or changes.get("status") == "void",
            total=total,
            paid=paid,
        ).value
        merged["updated_at"] = event.timestamp.isoformat()
        merged["version"] = event.originator_version
        batch.upsert("invoices", key, **{k: v for k, v in merged.items() if k != "invoice_id"})

    # -- events -------------------------------------------------------------------------

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, Payment.Event):
            self._payment(batch, event)
        elif isinstance(event, PayerAccount.Event):
            self._account(batch, event)
        else:
            self._invoice(batch, event)

    def _invoice(self, batch: Batch, event: Any) -> None:
        key = {"invoice_id": str(event.originator_id)}
        row: dict[str, Any] | None
        if isinstance(event, Invoice.Drafted):
            row = {
                "practice_id": event.practice_id,
                "number": event.number,
                "billed_to_id": event.billed_to_id,
                "case_id": event.case_id,
                "person_ids": json.dumps(event.person_ids),
                "wording": event.wording,
                "status": "draft",
                "revenue_parts": "{}",
                **dict.fromkeys(
                    (
                        "lines_cents",
                        "charged_cents",
                        "credited_cents",
                        "total_cents",
                        "paid_cents",
                        "balance_cents",
                        "pending_cents",
                    ),
                    0,
                ),
                "issued_at": None,
                "due_on": None,
                "sent": 0,
                "provider_id": event.provider_id,
                "period": event.period,
                "created_at": event.timestamp.isoformat(),
            }
            for person_id in event.person_ids:
                batch.upsert(
                    "invoice_people",
                    {"invoice_id": key["invoice_id"], "person_id": person_id},
                    practice_id=event.practice_id,
                )
            self._refresh(batch, key, row, event)
            return
        row = batch.get("invoices", key)
        if row is None:  # pragma: no cover - events of one aggregate arrive in order
            return
        line: dict[str, Any] | None
        if isinstance(event, Invoice.LineAdded):
            line = event.line
            amount = int(line["amount_cents"])
            batch.upsert(
                "invoice_lines",
                {"invoice_id": key["invoice_id"], "line_id": line["line_id"]},
                practice_id=row["practice_id"],
                seq=event.originator_version,
                **{c: line.get(c) for c in LINE_COLUMNS if c not in ("line_id", "credited")},
                credited=0,
            )
            parts = self._parts(row, self._part(row, line), billed=amount)
            self._refresh(
                batch,
                key,
                row,
                event,
                lines_cents=int(row["lines_cents"]) + amount,
                revenue_parts=parts,
            )
        elif isinstance(event, Invoice.LineRemoved):
            line_key = {"invoice_id": key["invoice_id"], "line_id": event.line_id}
            line = batch.get("invoice_lines", line_key)
            assert line is not None
            batch.delete("invoice_lines", line_key)
            amount = int(line["amount_cents"])
            parts = self._parts(row, self._part(row, line), billed=-amount)
            self._refresh(
                batch,
                key,
                row,
                event,
                lines_cents=int(row["lines_cents"]) - amount,
                revenue_parts=parts,
            )
        elif isinstance(event, Invoice.Issued):
            issued_at = event.timestamp.isoformat()
            changes = {
                "issued_at": issued_at,
                "due_on": event.due_on,
                "charged_cents": event.total_cents,
            }
            self._refresh(batch, key, row, event, **changes)
            self._scopes(batch, row, True, charges_cents=event.total_cents)
            for part, (billed, _) in json.loads(row["revenue_parts"]).items():
                self._revenue(batch, row["practice_id"], part, issued_at[:7], billed_cents=billed)
        elif isinstance(event, Invoice.Sent):
            self._refresh(batch, key, row, event, sent=1)
        elif isinstance(event, Invoice.LineCredited):
            line_key = {"invoice_id": key["invoice_id"], "line_id": event.line_id}
            line = batch.get("invoice_lines", line_key)
            assert line is not None
            batch.update("invoice_lines", line_key, credited=1)
            part = self._part(row, line)
            credited = int(row["credited_cents"]) + event.amount_cents
            self._refresh(
                batch,
                key,
                row,
                event,
                credited_cents=credited,
                revenue_parts=self._parts(row, part, credited=event.amount_cents),
            )
            self._scopes(batch, row, True, credits_cents=event.amount_cents)
            self._revenue(
                batch,
                row["practice_id"],
                part,
                (row["issued_at"] or "")[:7],
                credited_cents=event.amount_cents,
            )
        elif isinstance(event, Invoice.PaymentApplied):
            self._refresh(
                batch, key, row, event, paid_cents=int(row["paid_cents"]) + event.amount_cents
            )
            self._scopes(batch, row, False, payments_cents=event.amount_cents)
        elif isinstance(event, Invoice.PaymentReversed):
            self._refresh(
                batch, key, row, event, paid_cents=int(row["paid_cents"]) - event.amount_cents
            )
            self._scopes(batch, row, False, refunds_cents=event.amount_cents)
        elif isinstance(event, Invoice.PaymentReturned):
            self._refresh(
                batch, key, row, event, paid_cents=int(row["paid_cents"]) - event.amount_cents
            )
            self._scopes(batch, row, False, returns_cents=event.amount_cents)
        elif isinstance(event, Invoice.SurplusReleased):
            self._refresh(
                batch, key, row, event, paid_cents=int(row["paid_cents"]) - event.amount_cents
            )
            self._scopes(batch, row, False, payments_cents=-event.amount_cents)
        elif isinstance(event, Invoice.PaymentPending):
            pending = int(row["pending_cents"]) + event.amount_cents
            self._refresh(batch, key, row, event, pending_cents=pending)
        elif isinstance(event, Invoice.PendingPaymentEnded):
            pending = int(row["pending_cents"]) - event.amount_cents
            self._refresh(batch, key, row, event, pending_cents=pending)
        elif isinstance(event, Invoice.Voided):
            if row["issued_at"] is not None:
                charged, credited = int(row["charged_cents"]), int(row["credited_cents"])
                self._scopes(batch, row, True, charges_cents=-charged, credits_cents=-credited)
                for part, (billed, taken) in json.loads(row["revenue_parts"]).items():
                    self._revenue(
                        batch,
                        row["practice_id"],
                        part,
                        row["issued_at"][:7],
                        billed_cents=-billed,
                        credited_cents=-taken,
                    )
            self._refresh(batch, key, row, event, status="void")

    def _payment(self, batch: Batch, event: Any) -> None:
        key = {"payment_id": str(event.originator_id)}
        if isinstance(event, Payment.Recorded):
            batch.upsert(
                "payments",
                key,
                practice_id=event.practice_id,
                payer_id=event.payer_id,
                method=event.method,
                status=event.status,
                received_on=event.received_on,
                reference=event.reference,
                allocations="{}",
                amount_cents=event.amount_cents,
                refunded_cents=0,
                to_credit_cents=0,
                recorded_at=event.timestamp.isoformat(),
            )
            if event.status == PaymentStatus.SUCCEEDED.value:
                self._bump(
                    batch,
                    event.practice_id,
                    "payer",
                    event.payer_id,
                    payments_cents=event.amount_cents,
                )
            return
        row = batch.get("payments", key)
        if row is None:  # pragma: no cover
            return
        if isinstance(event, Payment.Succeeded | Payment.Failed):
            succeeded = isinstance(event, Payment.Succeeded)
            batch.update("payments", key, status="succeeded" if succeeded else "failed")
            if succeeded:
                self._bump(
                    batch,
                    row["practice_id"],
                    "payer",
                    row["payer_id"],
                    payments_cents=int(row["amount_cents"]),
                )
            return
        allocations = json.loads(row["allocations"])
        if isinstance(event, Payment.Allocated):
            allocations[event.invoice_id] = (
                allocations.get(event.invoice_id, 0) + event.amount_cents
            )
            batch.update("payments", key, allocations=json.dumps(allocations))
        elif isinstance(event, Payment.KeptAsCredit):
            batch.update(
                "payments", key, to_credit_cents=int(row["to_credit_cents"]) + event.amount_cents
            )
        elif isinstance(event, Payment.Refunded):
            for invoice_id, cents in event.from_invoices.items():
                allocations[invoice_id] = allocations.get(invoice_id, 0) - cents
            batch.update(
                "payments",
                key,
                allocations=json.dumps(allocations),
                refunded_cents=int(row["refunded_cents"]) + event.amount_cents,
                to_credit_cents=int(row["to_credit_cents"]) - event.from_credit_cents,
            )
            self._bump(
                batch,
                row["practice_id"],
                "payer",
                row["payer_id"],
                refunds_cents=event.amount_cents,
            )

        elif isinstance(event, Payment.Returned):
            for invoice_id, cents in event.from_invoices.items():
                allocations[invoice_id] = allocations.get(invoice_id, 0) - cents
            batch.update(
                "payments",
                key,
                status=PaymentStatus.RETURNED.value,
                allocations=json.dumps(allocations),
                to_credit_cents=int(row["to_credit_cents"]) - event.from_credit_cents,
            )
            self._bump(
                batch,
                row["practice_id"],
                "payer",
                row["payer_id"],
                returns_cents=event.amount_cents,
            )

    def _account(self, batch: Batch, event: Any) -> None:
        practice_id, payer_id = self._payer_of(batch, event)
        if isinstance(event, PayerAccount.Opened):
            self._bump(batch, practice_id, "payer", payer_id)
        elif isinstance(event, PayerAccount.CreditAdded):
            manual = event.amount_cents if event.source == "manual" else 0
            self._bump(
                batch,
                practice_id,
                "payer",
                payer_id,
                credits_cents=manual,
                credit_available_cents=event.amount_cents,
            )
        elif isinstance(event, PayerAccount.CreditUsed | PayerAccount.CreditRefunded):
            self._bump(
                batch, practice_id, "payer", payer_id, credit_available_cents=-event.amount_cents
            )
        else:
            key = {"practice_id": practice_id, "scope": "payer", "scope_id": payer_id}
            self._bump(batch, practice_id, "payer", payer_id)
            if isinstance(event, PayerAccount.MethodSaved):
                batch.update(TOTALS, key, saved_method=json.dumps(event.method))
            else:
                batch.update(
                    TOTALS, key, autopay=int(isinstance(event, PayerAccount.AutoPayTurnedOn))
                )

    @staticmethod
    def _payer_of(batch: Batch, event: Any) -> tuple[str, str]:
        """An account's practice and payer: named on its first event, remembered after."""
        key = {"account_id": str(event.originator_id)}
        if isinstance(event, PayerAccount.Opened):
            batch.upsert("accounts", key, practice_id=event.practice_id, payer_id=event.payer_id)
            return event.practice_id, event.payer_id
        row = batch.get("accounts", key)
        assert row is not None, "an account's events start with Opened"
        return row["practice_id"], row["payer_id"]
