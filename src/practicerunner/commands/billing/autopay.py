"""AutoPay and Stripe payments: a payer's Stripe customer and saved method, the AutoPay
switch, charge decisions (scheduled, started with a fixed amount, failed and retried) and the
outcome of a PaymentIntent, however often and in whatever order it is reported."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.billing.common import (
    account_for,
    billing_store,
    find,
    local_today,
    open_invoices,
    payer_of_practice,
    retrying,
    settings_for,
    writable_practice,
)
from practicerunner.commands.inputs import Flag
from practicerunner.commands.references import PERSON
from practicerunner.domain.billing.allocation import return_payment, settle_payment
from practicerunner.domain.billing.errors import NoSavedMethod, PaymentsUnavailable
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment, PaymentStatus
from practicerunner.domain.practice.practice import Practice

CHARGES_FAILED = "charges-failed"


class PayerCommand(Command):
    payer_id: uuid.UUID


def link_customer(ctx: CommandContext, payer_id: str, customer_id: str) -> CommandResult:
    account = account_for(ctx, payer_id)
    account.link_customer(customer_id, ctx.actor, ctx.now())
    return save(billing_store(ctx), account, result_of=account)


def save_method(ctx: CommandContext, payer_id: str, method: dict[str, Any]) -> CommandResult:
    """Records the payer's saved card or bank account (Stripe's id and a label, never the
    number)."""
    payer_of_practice(ctx, payer_id)
    account = account_for(ctx, payer_id)
    account.save_method(method, ctx.actor, ctx.now())
    return save(billing_store(ctx), account, result_of=account)


class SwitchAutoPay(PayerCommand):
    on: Flag
    reason: str | None = Field(default=None, max_length=200)


@command(refs={"payer_id": PERSON}, access=practice_wide)
def switch_autopay(cmd: SwitchAutoPay, ctx: CommandContext) -> CommandResult:
    """AutoPay on (the payer's consent, with a saved method) or off."""
    writable_practice(ctx)
    payer_of_practice(ctx, cmd.payer_id)

    def attempt() -> CommandResult:
        account = account_for(ctx, str(cmd.payer_id))
        if cmd.on:
            account.turn_autopay_on(ctx.actor, ctx.now())
        else:
            account.turn_autopay_off(cmd.reason or "switched off", ctx.actor, ctx.now())
        return save(billing_store(ctx), account, result_of=account)

    return retrying(attempt)


def schedule_charge(ctx: CommandContext, invoice_id: str, attempt: int, due_at: datetime) -> bool:
    def go() -> bool:
        invoice = load(billing_store(ctx), Invoice, invoice_id, ctx.practice_id)
        if not invoice.schedule_charge(attempt, due_at, ctx.actor, ctx.now()):
            return False
        save(billing_store(ctx), invoice, result_of=invoice)
        return True

    return retrying(go)


def start_charge(ctx: CommandContext, invoice_id: str, attempt: int) -> tuple[int, Invoice] | None:
    """The amount this attempt charges, fixed on its first start; None when nothing is owed
    any more (paid meanwhile) or AutoPay was switched off."""

    def go() -> tuple[int, Invoice] | None:
        invoice = load(billing_store(ctx), Invoice, invoice_id, ctx.practice_id)
        charge = invoice.charges.get(str(attempt), {})
        account = account_for(ctx, invoice.billed_to_id)
        if charge.get("amount_cents") is None and (
            not invoice.is_open or not account.autopay or invoice.payable_cents <= 0
        ):
            return None  # paid meanwhile, AutoPay off, or a bank debit on its way covers it
        amount = invoice.start_charge(attempt, ctx.actor, ctx.now())
        if invoice.pending_events:
            save(billing_store(ctx), invoice, result_of=invoice)
        return amount, invoice

    return retrying(go)


@dataclass(frozen=True)
class IntentOutcome:
    """What Stripe said about one PaymentIntent (from a charge's answer or a webhook)."""

    intent_id: str
    outcome: str  # succeeded, processing, failed, returned, requires_action, canceled
    amount_cents: int
    method: str  # card or us_bank_account
    invoice_id: str
    attempt: int | None  # None: paid through the pay link
    failure_code: str | None = None


def _practice(ctx: CommandContext) -> Practice:
    return load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id, copy=False)


def record_intent(ctx: CommandContext, found: IntentOutcome) -> str:
    """Records a PaymentIntent's outcome once: a payment (pending for a bank debit) paying the
    invoice, or a failed attempt that AutoPay retries and finally gives up on."""

    def go() -> str:
        app = billing_store(ctx)
        invoice = load(app, Invoice, found.invoice_id, ctx.practice_id)
        account = account_for(ctx, invoice.billed_to_id)
        payment = find(app, Payment, Payment.id_for_stripe(found.intent_id))
        if found.outcome in ("succeeded", "processing"):
            pending = found.outcome == "processing"
            if payment is None:
                payment = Payment.record(
                    id=Payment.id_for_stripe(found.intent_id), practice_id=str(ctx.practice_id),
                    payer_id=invoice.billed_to_id, method=found.method,
                    amount_cents=found.amount_cents,
                    received_on=local_today(_practice(ctx), ctx.now()).isoformat(),
                    reference=found.intent_id, by=ctx.actor, at=ctx.now(),
                    status=PaymentStatus.PENDING if pending else PaymentStatus.SUCCEEDED,
                    charge_key=Invoice.charge_key(invoice.id, found.attempt or 0),
                )  # fmt: skip
                if pending:
                    invoice.hold_pending(str(payment.id), payment.amount_cents, ctx.actor,
                                         ctx.now())  # fmt: skip
                    save(app, payment, invoice, result_of=payment)
                    return "pending"
            elif pending or not payment.succeed(ctx.actor, ctx.now()):
                return "already-recorded"
            invoice.end_pending(str(payment.id), "succeeded", ctx.actor, ctx.now())
            others = open_invoices(ctx, account, invoice)
            settle_payment(payment, account, invoice, others, ctx.actor, ctx.now())
            save(app, payment, account, invoice, *others.values(), result_of=payment)
            return "paid"
        if found.outcome == "returned":
            return _returned(ctx, payment, found.failure_code)
        if found.outcome != "failed":
            return f"ignored:{found.outcome}"
        touched: list[Any] = []
        if payment is not None:
            if not payment.fail(found.failure_code, ctx.actor, ctx.now()):
                return "already-recorded"  # a late "failed" after success: not a failure
            invoice.end_pending(str(payment.id), "failed", ctx.actor, ctx.now())
            touched.append(payment)
        if found.attempt is None or not invoice.fail_charge(
            found.attempt, found.failure_code, ctx.actor, ctx.now()
        ):
            save(app, *touched, invoice, result_of=invoice)
            return "failed"
        retry_days = settings_for(ctx, invoice.case_id, invoice.billed_to_id)["autopay_retry_days"]
        if found.attempt <= len(retry_days):
            waited = retry_days[found.attempt - 2] if found.attempt > 1 else 0
            due = ctx.now() + timedelta(days=retry_days[found.attempt - 1] - waited)
            invoice.schedule_charge(found.attempt + 1, due, ctx.actor, ctx.now())
            outcome = f"retry-{found.attempt + 1}"
        else:
            account.turn_autopay_off(CHARGES_FAILED, ctx.actor, ctx.now())
            outcome = "autopay-off"
        save(app, *touched, invoice, account, result_of=invoice)
        return outcome

    return retrying(go)


def _returned(ctx: CommandContext, payment: Payment | None, code: str | None) -> str:
    if payment is None or payment.status != PaymentStatus.SUCCEEDED:
        return "not-returnable"  # unknown here, or already failed, returned
    account = account_for(ctx, payment.payer_id)
    invoices = {
        i: load(billing_store(ctx), Invoice, i, ctx.practice_id)
        for i, cents in payment.allocations.items()
        if cents > 0
    }
    return_payment(payment, code, account, invoices, ctx.actor, ctx.now())
    save(billing_store(ctx), payment, account, *invoices.values(), result_of=payment)
    return "returned"


def record_return(ctx: CommandContext, intent_id: str, code: str | None) -> str:
    """A succeeded bank debit taken back by the payer's bank (Stripe reports an ACH return as
    a failed charge, or as a dispute, which for ACH is final): recorded once."""

    def go() -> str:
        payment = find(billing_store(ctx), Payment, Payment.id_for_stripe(intent_id))
        if payment is not None and payment.practice_id != str(ctx.practice_id):
            return "not-ours"
        return _returned(ctx, payment, code)

    return retrying(go)


def start_method_setup(
    ctx: CommandContext,
    gateway: Any,
    payer_id: str,
    return_url: str,
    cancel_url: str | None = None,
) -> tuple[CommandResult, str]:
    """A Stripe-hosted page where the payer saves a card or bank account (its number never
    reaches us); returns the page's URL. Cancelling there goes to ``cancel_url`` (else back to
    ``return_url``)."""
    writable_practice(ctx)
    payer = payer_of_practice(ctx, payer_id)
    if gateway is None:
        raise PaymentsUnavailable("Card and bank payments are not set up.")
    account = account_for(ctx, payer_id)
    customer = gateway.ensure_customer(
        payer_id, existing_id=account.customer_id, email=payer.primary_email
    )
    result = link_customer(ctx, payer_id, customer.id)
    page = gateway.start_setup(
        customer.id,
        success_url=return_url,
        cancel_url=cancel_url or return_url,
        idempotency_key=f"setup:{payer_id}:{result.version}",
        metadata={"payer_id": payer_id, "practice_id": str(ctx.practice_id)},
    )
    return result, str(page.url)


def refresh_saved_method(ctx: CommandContext, gateway: Any, payer_id: str) -> CommandResult:
    """Reads the payer's saved methods at Stripe and keeps the newest as theirs (Stripe lists
    newest first)."""
    writable_practice(ctx)
    payer_of_practice(ctx, payer_id)
    if gateway is None:
        raise PaymentsUnavailable("Card and bank payments are not set up.")
    account = account_for(ctx, payer_id)
    if account.customer_id is None:
        raise NoSavedMethod("The payer has not saved a card or bank account yet.")
    methods = gateway.list_methods(account.customer_id)
    if not methods:
        raise NoSavedMethod("The payer has not saved a card or bank account yet.")
    newest = methods[0]
    return save_method(ctx, payer_id, {"id": newest.id, "kind": newest.kind, "label": newest.label})
