"""The billing context: billing settings and overrides, invoices and their numbering,
payments, payer accounts, the ledger, auto-invoicing, delivery and AutoPay, Stripe's
webhooks, and its billing attention task source."""

from __future__ import annotations

from typing import Any

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.numbering import InvoiceNumbering
from practicerunner.domain.billing.payments import Payment
from practicerunner.domain.billing.settings import BillingOverride, BillingSettings
from practicerunner.domain.billing.stripe_events import StripeEventHandled
from practicerunner.processes.billing import auto_invoicing, autopay, refunds
from practicerunner.processes.billing.attention import BILLING_TASKS
from practicerunner.processes.jobs import JobKind
from practicerunner.projections.billing.ledger import Ledger


def invoice_run_due(runtime: Any) -> int:
    return auto_invoicing.invoice_run(runtime)


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
        StripeEventHandled,
    ),
    projections=(Ledger,),
    deciders=(
        *auto_invoicing.DECIDERS,
        *autopay.DECIDERS,
        *refunds.DECIDERS,
        *BILLING_TASKS.deciders(),
    ),
    job_kinds=(
        JobKind(auto_invoicing.BILL_APPOINTMENT, auto_invoicing.bill_held_appointment, "billing"),
        JobKind(
            auto_invoicing.SETTLE_CHANGED_APPOINTMENT,
            auto_invoicing.settle_changed_appointment,
            "billing",
        ),
        JobKind(autopay.DELIVER_INVOICE, autopay.deliver_invoice, "email"),
        JobKind(autopay.CHARGE_INVOICE, autopay.charge_invoice, "billing"),
        JobKind(
            autopay.TELL_PAYER_PAYMENT_NEEDS_ATTENTION,
            autopay.tell_payer_payment_needs_attention,
            "email",
        ),
        JobKind(refunds.REFUND_AT_STRIPE, refunds.refund_at_stripe, "billing"),
        BILLING_TASKS.job_kind(),
    ),
    due_checks=(invoice_run_due,),
    routers=(
        "practicerunner.api.billing.settings",
        "practicerunner.api.billing.invoices",
        "practicerunner.api.billing.payments",
        "practicerunner.api.billing.ledger",
        "practicerunner.api.billing.stripe",
        "practicerunner.api.billing.portal",
    ),
)
