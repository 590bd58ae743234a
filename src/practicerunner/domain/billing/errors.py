"""Refusals of the billing context, each with a stable code (the problem ``type``)."""

from __future__ import annotations

from practicerunner.domain.errors import Conflict, DomainError, RuleViolation


class InvoiceVoid(Conflict):
    code = "invoice-void"
    title = "The invoice is void"


class InvoiceIssued(Conflict):
    """Issued lines never change silently: credit a line instead."""

    code = "invoice-issued"
    title = "The invoice is already issued"


class InvoiceDraft(Conflict):
    code = "invoice-draft"
    title = "The invoice is still a draft"


class InvoiceEmpty(RuleViolation):
    code = "invoice-empty"
    title = "The invoice has no lines"


class InvoiceHasPayments(Conflict):
    code = "invoice-has-payments"
    title = "Money is applied to this invoice"


class InvoicePaid(Conflict):
    code = "invoice-paid"
    title = "The invoice is already paid"


class PaymentPending(Conflict):
    """A bank debit on its way already covers what is owed: asking again could take it twice."""

    code = "payment-pending"
    title = "A bank payment for this invoice is still pending"


class RefundExceedsPayment(RuleViolation):
    code = "refund-exceeds-payment"
    title = "The refund is more than what can be refunded"


class NotEnoughCredit(RuleViolation):
    code = "not-enough-credit"
    title = "Not that much account credit"


class MethodNotAccepted(RuleViolation):
    code = "method-not-accepted"
    title = "The practice does not accept this payment method here"


class NoSavedMethod(RuleViolation):
    code = "no-saved-method"
    title = "No saved card or bank account"


class NoBillingContact(RuleViolation):
    code = "no-billing-contact"
    title = "The case has no billing contact"


class PayLinkInvalid(RuleViolation):
    code = "pay-link-invalid"
    title = "The pay link is not valid or has expired"
    status = 404


class PaymentsUnavailable(DomainError):
    code = "payments-unavailable"
    status = 503
    title = "Card and bank payments are not set up"
