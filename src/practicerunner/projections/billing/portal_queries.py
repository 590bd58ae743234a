"""The portal's reading of the ledger: a payer's own invoices, issued ones only (a draft is
the practice's work in progress, not yet anything the payer owes), newest first."""

from __future__ import annotations

from typing import Any

from practicerunner.projections.billing.queries import LEDGER, BillingQueries
from practicerunner.projections.paging import Page


class PortalBillingQueries(BillingQueries):
    def payer_invoices(
        self, practice_id: str, payer_id: str, limit: int = 50, cursor: str | None = None
    ) -> Page:
        found = self.reader.page(
            LEDGER, "invoices",
            "t.practice_id = %s AND t.billed_to_id = %s AND t.status <> 'draft'",
            [practice_id, payer_id], ("t.number",), limit, cursor, descending=True,
        )  # fmt: skip
        return Page(self._with_lines(found.items), found.next_cursor)

    def payer_invoice(
        self, practice_id: str, payer_id: str, invoice_id: str
    ) -> dict[str, Any] | None:
        row = self.invoice(practice_id, invoice_id)
        if row is None or row["billed_to_id"] != payer_id or row["status"] == "draft":
            return None
        return row
