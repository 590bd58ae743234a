"""Queries over the ledger: one invoice, invoice and payment lists, a payer's, case's or
person's ledger with aging, outstanding balances and revenue. Every row is read through the
shared ``Reader``, which unseals line descriptions and references."""

from __future__ import annotations

from datetime import date
from typing import Any

from practicerunner.projections.billing.ledger_tables import LINE_COLUMNS
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.paging import Page
from practicerunner.projections.reading import Reader, marks

LEDGER = "billing_ledger"
AGING = (("current", 0, 30), ("31_60", 31, 60), ("61_90", 61, 90), ("over_90", 91, None))


def aging_bucket(issued_on: date, today: date) -> str:
    days = (today - issued_on).days
    for name, low, high in AGING:
        if days >= low and (high is None or days <= high):
            return name
    return "current"  # issued "in the future" of the caller's day: not yet aged


class BillingQueries:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.reader = Reader(engine)

    def invoice(self, practice_id: str, invoice_id: str) -> dict[str, Any] | None:
        row = self.reader.one(
            LEDGER, "invoices", "invoice_id = %s AND practice_id = %s", [invoice_id, practice_id]
        )
        return self._with_lines([row])[0] if row else None

    def _with_lines(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each invoice with its lines, in the order they were added (one query)."""
        ids = [r["invoice_id"] for r in rows]
        if not ids:
            return rows
        with self.reader.db.read() as tx:
            lines = self.reader.select(
                tx, LEDGER, "invoice_lines", f"invoice_id IN ({marks(ids)})", ids,
                "ORDER BY invoice_id, seq",
            )  # fmt: skip
        by_invoice: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for line in lines:
            by_invoice[line["invoice_id"]].append({c: line[c] for c in LINE_COLUMNS})
        return [{**r, "lines": by_invoice[r["invoice_id"]]} for r in rows]

    def invoices(
        self,
        practice_id: str,
        *,
        payer_id: str | None = None,
        case_id: str | None = None,
        person_id: str | None = None,
        status: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Newest first."""
        where, params = ["t.practice_id = %s"], [practice_id]
        if payer_id:
            where.append("t.billed_to_id = %s")
            params.append(payer_id)
        if case_id:
            where.append("t.case_id = %s")
            params.append(case_id)
        if status:
            where.append("t.status = %s")
            params.append(status)
        if person_id:
            with self.reader.db.read() as tx:
                people = self.reader.physical(tx, LEDGER, "invoice_people")
            where.append(
                f"t.invoice_id IN (SELECT invoice_id FROM {people} WHERE practice_id = %s "
                "AND person_id = %s)"
            )
            params += [practice_id, person_id]
        found = self.reader.page(
            LEDGER,
            "invoices",
            " AND ".join(where),
            params,
            ("t.number",),
            limit,
            cursor,
            descending=True,
        )
        return Page(self._with_lines(found.items), found.next_cursor)  # fmt: skip

    def billed_appointment_ids(self, practice_id: str, case_id: str) -> set[str]:
        """The case's appointments that an invoice bills now with one line for the whole
        case: an uncredited line on an invoice that is not void. (A group member's line is
        per participant, so it answers for that participant only, and is left out.)"""
        with self.reader.db.read() as tx:
            invoices = self.reader.physical(tx, LEDGER, "invoices")
            rows = self.reader.select(
                tx, LEDGER, "invoice_lines",
                "t.practice_id = %s AND t.appointment_id IS NOT NULL AND t.participant_id IS NULL "
                f"AND t.credited = 0 AND t.invoice_id IN (SELECT invoice_id FROM {invoices} "
                "WHERE practice_id = %s AND case_id = %s AND status <> 'void')",
                [practice_id, practice_id, case_id], alias="t", columns=("appointment_id",),
            )  # fmt: skip
        return {str(r["appointment_id"]) for r in rows}

    def payment(self, practice_id: str, payment_id: str) -> dict[str, Any] | None:
        return self.reader.one(
            LEDGER, "payments", "payment_id = %s AND practice_id = %s", [payment_id, practice_id]
        )

    def payments(
        self, practice_id: str, payer_id: str, limit: int = 50, cursor: str | None = None
    ) -> Page:
        return self.reader.page(
            LEDGER, "payments", "t.practice_id = %s AND t.payer_id = %s", [practice_id, payer_id],
            ("t.recorded_at", "t.payment_id"), limit, cursor, descending=True,
        )  # fmt: skip

    def ledger(self, practice_id: str, scope: str, scope_id: str, today: date) -> dict[str, Any]:
        """Totals and aging of a payer, case or person (zeros for one with no billing yet)."""
        totals = self.reader.one(
            LEDGER, "ledger_totals", "practice_id = %s AND scope = %s AND scope_id = %s",
            [practice_id, scope, scope_id],
        ) or {}  # fmt: skip
        column = {"payer": "t.billed_to_id", "case": "t.case_id"}.get(scope)
        with self.reader.db.read() as tx:
            if column:
                where, params = f"{column} = %s", [scope_id]
            else:
                people = self.reader.physical(tx, LEDGER, "invoice_people")
                where = (
                    f"t.invoice_id IN (SELECT invoice_id FROM {people} WHERE practice_id = %s "
                    "AND person_id = %s)"
                )
                params = [practice_id, scope_id]
            open_rows = self.reader.select(
                tx, LEDGER, "invoices",
                f"t.practice_id = %s AND {where} AND t.balance_cents > 0 AND t.status <> 'void' "
                "AND t.issued_at IS NOT NULL", [practice_id, *params], alias="t",
                columns=("invoice_id", "issued_at", "balance_cents", "pending_cents"),
            )  # fmt: skip
        aging = {name: 0 for name, _, _ in AGING}
        for row in open_rows:
            issued = date.fromisoformat(row["issued_at"][:10])
            aging[aging_bucket(issued, today)] += row["balance_cents"]
        money = (
            "charges_cents",
            "payments_cents",
            "refunds_cents",
            "returns_cents",
            "credits_cents",
        )
        result: dict[str, Any] = {name: int(totals.get(name) or 0) for name in money}
        result["balance_cents"] = int(totals.get("balance_cents") or 0)
        result["credit_available_cents"] = int(totals.get("credit_available_cents") or 0)
        result["pending_cents"] = sum(int(row["pending_cents"]) for row in open_rows)
        result["autopay"] = bool(totals.get("autopay"))
        result["saved_method"] = totals.get("saved_method")
        result["aging"] = aging
        result["open_invoices"] = len(open_rows)
        return result

    def outstanding(self, practice_id: str, limit: int = 50, cursor: str | None = None) -> Page:
        """Payers who owe something, largest balance first."""
        return self.reader.page(
            LEDGER, "ledger_totals",
            "t.practice_id = %s AND t.scope = 'payer' AND t.balance_cents > 0", [practice_id],
            ("t.balance_cents", "t.scope_id"), limit, cursor, descending=True,
        )  # fmt: skip

    def revenue(self, practice_id: str, from_month: str, to_month: str) -> list[dict[str, Any]]:
        with self.reader.db.read() as tx:
            return self.reader.select(
                tx, LEDGER, "revenue", "practice_id = %s AND month >= %s AND month <= %s",
                [practice_id, from_month, to_month], "ORDER BY month, provider_id",
            )  # fmt: skip
