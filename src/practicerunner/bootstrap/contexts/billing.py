"""The billing context: billing settings and overrides, invoices and their numbering,
payments, payer accounts, the ledger, and (as they land) auto-invoicing and AutoPay."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.numbering import InvoiceNumbering
from practicerunner.domain.billing.payments import Payment
from practicerunner.domain.billing.settings import BillingOverride, BillingSettings
from practicerunner.projections.billing.ledger import Ledger

CONTEXT = ContextDeclaration(
    name="billing",
    store="billing",
    aggregates=(
        BillingSettings,
        BillingOverride,
        Invoice,
        InvoiceNumbering,
        AppointmentBilling,
        Payment,
        PayerAccount,
    ),
    projections=(Ledger,),
    routers=(
        "practicerunner.api.billing.settings",
        "practicerunner.api.billing.invoices",
        "practicerunner.api.billing.payments",
        "practicerunner.api.billing.ledger",
    ),
)
