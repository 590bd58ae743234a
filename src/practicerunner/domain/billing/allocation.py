"""Where money goes, as pure rules over the aggregates a command loaded: a payment pays the
invoice it was meant for, and whatever is left becomes account credit; account credit pays
the payer's open invoices oldest first; a refund takes back unspent credit first, then
reverses the payment's most recent applications. Nothing here saves: the command saves every
aggregate touched in one write, so a refusal halfway leaves nothing recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.errors import RefundExceedsPayment
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment

CREDIT = "credit"


def track(account: PayerAccount, invoice: Invoice, by: Actor, at: datetime | None) -> None:
    account.track(str(invoice.id), invoice.number, invoice.is_open, by, at)


def apply_credit(
    account: PayerAccount, invoices: Mapping[str, Invoice], by: Actor, at: datetime | None
) -> list[Invoice]:
    """Spends the payer's credit on their open invoices, oldest first; returns those paid."""
    paid = []
    for invoice_id in account.oldest_first:
        if account.credit_cents <= 0:
            break
        invoice = invoices[invoice_id]
        cents = min(account.credit_cents, invoice.balance_cents)
        if cents > 0:
            invoice.apply_payment(CREDIT, cents, by, at)
            account.use_credit(cents, invoice_id, by, at)
            paid.append(invoice)
        track(account, invoice, by, at)
    return paid


def settle_payment(
    payment: Payment,
    account: PayerAccount,
    target: Invoice | None,
    open_invoices: Mapping[str, Invoice],
    by: Actor,
    at: datetime | None,
) -> None:
    """A succeeded payment pays ``target`` (if any, up to its balance); the rest is kept as
    account credit, which then pays the payer's other open invoices oldest first."""
    rest = payment.amount_cents
    if target is not None and target.is_open:
        applied = target.apply_payment(str(payment.id), rest, by, at)
        payment.allocate(str(target.id), applied, by, at)
        track(account, target, by, at)
        rest -= applied
    if rest > 0:
        payment.keep_as_credit(rest, by, at)
        account.add_credit(rest, "overpayment", by, at, reference_id=str(payment.id))
        apply_credit(account, open_invoices, by, at)


def refund_payment(
    payment: Payment,
    cents: int,
    account: PayerAccount,
    invoices: Mapping[str, Invoice],
    refund_id: str,
    reason: str | None,
    by: Actor,
    at: datetime | None,
) -> dict[str, int]:
    """Takes ``cents`` back from unspent credit first, then from the invoices this payment
    paid, most recent first. Returns what came from each invoice."""
    if cents > payment.refundable_by(refund_id):
        raise RefundExceedsPayment(
            f"At most {payment.refundable_by(refund_id)} cents of this payment can be refunded."
        )
    from_credit = min(cents, payment.to_credit_cents, account.credit_cents)
    rest = cents - from_credit
    from_invoices: dict[str, int] = {}
    for invoice_id in reversed(list(payment.allocations)):
        if rest == 0:
            break
        invoice = invoices[invoice_id]
        back = invoice.reverse_payment(
            str(payment.id), min(rest, payment.allocations[invoice_id]), by, at
        )
        if back:
            from_invoices[invoice_id] = back
            rest -= back
            track(account, invoice, by, at)
    if rest > 0:
        raise RefundExceedsPayment(
            "Part of this payment became account credit that has since paid other invoices; "
            f"at most {cents - rest} cents can be refunded now."
        )
    payment.refund(refund_id, cents, from_invoices, from_credit, reason, by, at)
    if from_credit:
        account.refund_credit(from_credit, str(payment.id), by, at)
    return from_invoices


def return_payment(
    payment: Payment,
    code: str | None,
    account: PayerAccount,
    invoices: Mapping[str, Invoice],
    by: Actor,
    at: datetime | None,
) -> None:
    """A succeeded bank debit taken back: every invoice it paid is owed again, and the credit
    it left is taken back (what of it is unspent; credit already spent stays in the payer's
    balance, which the return raises by the whole amount)."""
    from_invoices = {}
    for invoice_id, invoice in invoices.items():
        back = invoice.payment_returned(str(payment.id), by, at)
        if back:
            from_invoices[invoice_id] = back
        track(account, invoice, by, at)
    from_credit = min(payment.to_credit_cents, account.credit_cents)
    payment.mark_returned(code, from_invoices, from_credit, by, at)
    if from_credit:
        account.refund_credit(from_credit, str(payment.id), by, at)


def credit_invoice_line(
    invoice: Invoice,
    line_id: str,
    reason: str,
    account: PayerAccount,
    open_invoices: Mapping[str, Invoice],
    by: Actor,
    at: datetime | None,
) -> None:
    """Credits an issued line; money already paid beyond the new total becomes credit."""
    invoice.credit_line(line_id, reason, by, at)
    surplus = invoice.release_surplus(by, at)
    track(account, invoice, by, at)
    if surplus:
        account.add_credit(surplus, "surplus", by, at, reference_id=str(invoice.id))
        apply_credit(account, open_invoices, by, at)
