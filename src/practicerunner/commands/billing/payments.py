"""Money in and out by staff: outside payments (cash, check, Zelle, other), account credit by
hand, and refunds (card and bank payments' through Stripe). Each saves the payment, the
payer's account and every invoice it touched in one write; the account serialises a payer's
concurrent payments, so two payments on one invoice can never both pay its balance: the
second one's surplus becomes credit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import Field

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.billing.common import (
    Cents,
    account_for,
    billing_store,
    invoice_of_practice,
    local_today,
    open_invoices,
    payer_of_practice,
    retrying,
    settings_for,
    writable_practice,
)
from practicerunner.commands.billing.references import INVOICE, PAYMENT
from practicerunner.commands.references import PERSON
from practicerunner.domain.billing import allocation
from practicerunner.domain.billing.allocation import apply_credit, settle_payment
from practicerunner.domain.billing.errors import InvoiceDraft, InvoiceVoid, MethodNotAccepted
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment
from practicerunner.domain.errors import InvalidValue


class RecordOutsidePayment(Command):
    payer_id: uuid.UUID | None = Field(default=None, description="by default the invoice's payer")
    invoice_id: uuid.UUID | None = Field(
        default=None, description="the invoice it pays; without one it is account credit"
    )
    method: Literal["cash", "check", "zelle", "other"]
    amount_cents: Cents
    received_on: date
    reference: str | None = Field(default=None, max_length=100, description="e.g. check number")


@command(refs={"payer_id": PERSON, "invoice_id": INVOICE}, access=practice_wide)
def record_outside_payment(cmd: RecordOutsidePayment, ctx: CommandContext) -> CommandResult:
    """Records money received outside Stripe. It pays the invoice named (up to its balance);
    the rest becomes account credit, which pays the payer's oldest open invoices first."""
    practice = writable_practice(ctx)
    if cmd.received_on > local_today(practice, ctx.now()):
        raise InvalidValue(
            "A payment cannot be received after today (in the practice's timezone).",
            field="received_on",
        )
    payment_id = uuid.uuid4()

    def attempt() -> CommandResult:
        target = invoice_of_practice(ctx, cmd.invoice_id) if cmd.invoice_id else None
        if target is not None:
            if target.void:
                raise InvoiceVoid("A void invoice cannot be paid.")
            if target.issued_at is None:
                raise InvoiceDraft("Issue the invoice before recording a payment on it.")
        payer = str(cmd.payer_id) if cmd.payer_id else target.billed_to_id if target else None
        if payer is None:
            raise InvalidValue("Name the payer or the invoice.", field="payer_id")
        payer_of_practice(ctx, payer)
        if target is not None and target.billed_to_id != payer:
            raise InvalidValue("That invoice is billed to someone else.", field="invoice_id")
        settings = settings_for(ctx, target.case_id if target else None, payer)
        if cmd.method not in settings["accepted_methods"]:
            raise MethodNotAccepted(f"{cmd.method} is not accepted.", field="method")
        account = account_for(ctx, payer)
        payment = Payment.record(
            id=payment_id, practice_id=str(ctx.practice_id), payer_id=payer, method=cmd.method,
            amount_cents=cmd.amount_cents, received_on=cmd.received_on.isoformat(),
            reference=cmd.reference, by=ctx.actor, at=ctx.now(),
        )  # fmt: skip
        others = open_invoices(ctx, account, *([target] if target else []))
        settle_payment(payment, account, target, others, ctx.actor, ctx.now())
        touched = {str(i.id): i for i in [*others.values(), *([target] if target else [])]}
        return save(
            billing_store(ctx), payment, account, *touched.values(), result_of=payment,
            credit_cents=account.credit_cents,
        )  # fmt: skip

    return retrying(attempt)


class AddAccountCredit(Command):
    payer_id: uuid.UUID
    amount_cents: Cents
    note: str | None = Field(default=None, max_length=200)


@command(refs={"payer_id": PERSON}, access=practice_wide)
def add_account_credit(cmd: AddAccountCredit, ctx: CommandContext) -> CommandResult:
    """Credit by hand (a goodwill adjustment); it pays open invoices oldest first."""
    writable_practice(ctx)
    payer_of_practice(ctx, cmd.payer_id)

    def attempt() -> CommandResult:
        account = account_for(ctx, str(cmd.payer_id))
        account.add_credit(cmd.amount_cents, "manual", ctx.actor, ctx.now(), note=cmd.note)
        paid = apply_credit(account, open_invoices(ctx, account), ctx.actor, ctx.now())
        return save(
            billing_store(ctx), account, *paid, result_of=account,
            credit_cents=account.credit_cents,
        )  # fmt: skip

    return retrying(attempt)


class RefundPayment(Command):
    payment_id: uuid.UUID
    amount_cents: Cents
    reason: str | None = Field(default=None, max_length=200)


def payment_of_practice(ctx: CommandContext, payment_id: uuid.UUID | str) -> Payment:
    return load(billing_store(ctx), Payment, payment_id, ctx.practice_id)


def refund(
    ctx: CommandContext, payment: Payment, cents: int, reason: str | None, refund_id: str
) -> list[Any]:
    """A refund of part or all of a loaded payment; returns every aggregate to save."""
    account = account_for(ctx, payment.payer_id)
    invoices: dict[str, Invoice] = {
        i: invoice_of_practice(ctx, i) for i in payment.allocations if payment.allocations[i] > 0
    }
    allocation.refund_payment(
        payment, cents, account, invoices, refund_id, reason, ctx.actor, ctx.now()
    )
    return [payment, account, *invoices.values()]


OUTSIDE_METHODS = ("cash", "check", "zelle", "other")


@command(refs={"payment_id": PAYMENT}, access=practice_wide)
def refund_payment(cmd: RefundPayment, ctx: CommandContext) -> CommandResult:
    """Gives money back: unspent credit from this payment first, then what it paid on
    invoices (most recent first), which open again. An outside payment's refund is recorded
    at once; a card or bank payment's is asked of Stripe (its cents held) and recorded by the
    refund job once Stripe made it, with the idempotency key ``refund:<refund id>``."""
    writable_practice(ctx)
    refund_id = str(uuid.uuid4())

    def attempt() -> CommandResult:
        payment = payment_of_practice(ctx, cmd.payment_id)
        touched = refund(ctx, payment, cmd.amount_cents, cmd.reason, refund_id)  # or refused
        if payment.method in OUTSIDE_METHODS:
            return save(billing_store(ctx), *touched, result_of=payment, refund_id=refund_id)
        asked = payment_of_practice(ctx, cmd.payment_id)
        asked.request_refund(refund_id, cmd.amount_cents, cmd.reason, ctx.actor, ctx.now())
        return save(billing_store(ctx), asked, result_of=asked, refund_id=refund_id)

    return retrying(attempt)


def record_stripe_refund(ctx: CommandContext, payment_id: str, refund_id: str) -> str:
    """Stripe made a refund asked of it: it is recorded once, however often this is called."""

    def attempt() -> str:
        payment = payment_of_practice(ctx, payment_id)
        asked = payment.refunds_in_flight.get(refund_id)
        if asked is None:
            return "already-recorded"
        touched = refund(ctx, payment, int(asked["amount_cents"]), asked["reason"], refund_id)
        save(billing_store(ctx), *touched, result_of=payment, refund_id=refund_id)
        return "refunded"

    return retrying(attempt)


def record_refund_refused(
    ctx: CommandContext, payment_id: str, refund_id: str, code: str | None
) -> str:
    def attempt() -> str:
        payment = payment_of_practice(ctx, payment_id)
        payment.refund_refused(refund_id, code, ctx.actor, ctx.now())
        if payment.pending_events:
            save(billing_store(ctx), payment, result_of=payment)
        return f"refused:{code}"

    return retrying(attempt)
