"""What invoice, receipt and statement documents are made from, read from the billing
context's ledger and this context's statement entries, and what a superbill needs from
billing: the amount paid towards each session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from practicerunner.domain.documents.statement import Entry
from practicerunner.domain.documents.superbill import PracticeIdentity, address_lines
from practicerunner.projections.billing.queries import BillingQueries
from practicerunner.projections.documents.statements import METHOD_NAMES, StatementQueries
from practicerunner.projections.reading import Reader


@dataclass(frozen=True)
class Payer:
    name: str
    address: dict[str, str] | None

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address)


def practice_identity(row: dict[str, Any]) -> PracticeIdentity:
    identity = row.get("billing_identity") or {}
    return PracticeIdentity(
        name=identity.get("legal_name") or row["name"], address=row.get("address"), phone=None,
        tax_id=identity.get("tax_id"), npi=identity.get("npi"),
    )  # fmt: skip


class BillingSources:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.reader = Reader(engine)
        self.billing = BillingQueries(engine)

    def practice(self, practice_id: str) -> dict[str, Any] | None:
        return self.reader.one("practice_directory", "practices", "practice_id = %s", [practice_id])

    def payer(self, practice_id: str, person_id: str) -> Payer | None:
        row = self.reader.one(
            "people", "people", "practice_id = %s AND person_id = %s", [practice_id, person_id]
        )
        return Payer(row["display_name"], row.get("address")) if row else None

    def entries(self, practice_id: str, payer_id: str, zone: ZoneInfo) -> list[Entry]:
        """The payer's entries, each dated in the practice's timezone ``zone``."""
        return [
            Entry(
                date.fromisoformat(r["on_date"])
                if r["day_given"]
                else datetime.fromisoformat(r["at"]).astimezone(zone).date(),
                r["kind"],
                r["description"],
                int(r["amount_cents"]),
            )
            for r in StatementQueries(self.engine).entries(practice_id, payer_id)
        ]

    def invoice(self, practice_id: str, invoice_id: str) -> dict[str, Any] | None:
        return self.billing.invoice(practice_id, invoice_id)

    def receipt(self, practice_id: str, payment_id: str) -> dict[str, Any] | None:
        payment = self.billing.payment(practice_id, payment_id)
        if payment is None:
            return None
        allocations = []
        for invoice_id, cents in sorted((payment.get("allocations") or {}).items()):
            invoice = self.billing.invoice(practice_id, invoice_id)
            if invoice and int(cents) > 0:
                allocations.append({"number": invoice["number"], "amount_cents": int(cents)})
        return {
            **payment,
            "method_name": METHOD_NAMES.get(payment["method"], "Payment"),
            "allocation_list": sorted(allocations, key=lambda a: a["number"]),
        }

    def paid_by_session(self, practice_id: str, case_id: str) -> dict[str, int]:
        """Keyed ``appointment:participant`` (participant empty for a one-payer line): each
        session's share of what was paid on its invoices: an invoice's payments go
        to its lines in order, each line up to its amount (credited lines get nothing)."""
        paid: dict[str, int] = {}
        cursor = None
        while True:
            page = self.billing.invoices(practice_id, case_id=case_id, limit=200, cursor=cursor)
            for invoice in page.items:
                if invoice["status"] == "void":
                    continue
                left = int(invoice["paid_cents"])
                for line in invoice["lines"] or []:
                    if line.get("credited") or int(line["amount_cents"]) <= 0:
                        continue
                    share = min(left, int(line["amount_cents"]))
                    left -= share
                    if line.get("appointment_id") and line.get("kind") == "session":
                        key = f"{line['appointment_id']}:{line.get('participant_id') or ''}"
                        paid[key] = paid.get(key, 0) + share
            if not page.next_cursor:
                return paid
            cursor = page.next_cursor
