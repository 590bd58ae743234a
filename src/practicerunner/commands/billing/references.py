"""The billing things commands name, for the tenant rules (``commands.access``): an invoice
or a payment of another practice, or an unknown one, is "not found" before a handler runs.
Billing has no case-level rule of its own: its roles reach the whole practice."""

from __future__ import annotations

from practicerunner.commands.access import Choice, Kind
from practicerunner.commands.references import CASE, PERSON
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment

INVOICE = Kind("invoice", "billing", Invoice)
PAYMENT = Kind("payment", "billing", Payment)
OVERRIDE_SCOPE = Choice("scope", {"case": CASE, "billing_contact": PERSON})
LINE = {"line_id": "a line of the invoice, checked by the invoice"}
