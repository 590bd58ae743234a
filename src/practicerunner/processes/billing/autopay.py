"""Delivering issued invoices and charging AutoPay.

An issued invoice is delivered by policy: with AutoPay on and a saved method, a charge is
scheduled (after the review delay, and after the AutoPay notice the payer is sent, on by
default); otherwise the payer is emailed the invoice with its pay link. A scheduled charge
fixes its amount before calling Stripe and sends the idempotency key ``charge:<invoice>:
<attempt>``, so a worker killed after Stripe took the money and before we recorded it retries
with the same key and Stripe answers the same PaymentIntent: never a second charge. A failed
charge retries by the practice's days, then AutoPay turns off for the payer, staff get a
billing task, and the payer an email that says only that a payment needs attention."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.commands.base import load, save
from practicerunner.commands.billing.autopay import (
    CHARGES_FAILED,
    IntentOutcome,
    record_intent,
    schedule_charge,
    start_charge,
)
from practicerunner.commands.billing.common import STORE, find, settings_for
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.invoices import Invoice, display_number
from practicerunner.domain.billing.settings import BillingMode
from practicerunner.processes.billing.emails import (
    dollars,
    invoice_context,
    local_day,
    pay_url,
    send_to_payer,
)
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

DELIVER_INVOICE = "deliver_invoice"
CHARGE_INVOICE = "charge_invoice"
TELL_PAYER_PAYMENT_NEEDS_ATTENTION = "tell_payer_payment_needs_attention"
SERVICE = Actor.service("autopay")
AUTOPAY_MODES = (BillingMode.AUTOPAY.value, BillingMode.DAILY_AUTOPAY.value)


def when_invoice_issued_deliver_it(event: Invoice.Issued) -> Iterable[Job]:
    yield Job(DELIVER_INVOICE, str(event.originator_id), {"invoice_id": str(event.originator_id)})


def when_charge_scheduled_charge_then(event: Invoice.ChargeScheduled) -> Iterable[Job]:
    yield Job(
        CHARGE_INVOICE,
        f"{event.originator_id}:{event.attempt}",
        {"invoice_id": str(event.originator_id), "attempt": event.attempt},
        due_at=event.due_at,
    )


def when_autopay_gave_up_tell_the_payer(event: PayerAccount.AutoPayTurnedOff) -> Iterable[Job]:
    if event.reason == CHARGES_FAILED:
        yield Job(
            TELL_PAYER_PAYMENT_NEEDS_ATTENTION,
            f"{event.originator_id}:{event.originator_version}",
            {"account_id": str(event.originator_id)},
        )


DECIDERS = (
    (Invoice.Issued, when_invoice_issued_deliver_it),
    (Invoice.ChargeScheduled, when_charge_scheduled_charge_then),
    (PayerAccount.AutoPayTurnedOff, when_autopay_gave_up_tell_the_payer),
)


def _invoice(runtime: Services, invoice_id: str) -> Invoice:
    invoice: Invoice = runtime.stores[STORE].repository.get(UUID(invoice_id))
    assert isinstance(invoice, Invoice)
    return invoice


def deliver_invoice(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    invoice = _invoice(runtime, job.payload["invoice_id"])
    ctx = runtime.context(SERVICE, UUID(invoice.practice_id))
    if not invoice.is_open:
        return "nothing-owed"
    settings = settings_for(ctx, invoice.case_id, invoice.billed_to_id)
    account = find(
        runtime.stores[STORE],
        PayerAccount,
        PayerAccount.id_for(invoice.practice_id, invoice.billed_to_id),
    )
    eligible = (
        settings["billing_mode"] in AUTOPAY_MODES
        and account is not None
        and account.autopay
        and account.saved_method is not None
        and account.customer_id is not None
        and runtime.stripe is not None
    )
    context = invoice_context(invoice)
    if eligible:
        notice = settings["autopay_notice_hours"] if settings["autopay_notice"] else 0
        due = ctx.now() + timedelta(hours=max(settings["review_delay_hours"], notice))
        schedule_charge(ctx, str(invoice.id), 1, due)
        charge_on = local_day(runtime, invoice.practice_id, due)
        if settings["autopay_notice"]:
            send_to_payer(
                runtime,
                invoice.practice_id,
                invoice.billed_to_id,
                "autopay_notice",
                f"autopay-notice:{invoice.id}",
                charge_on=charge_on,
                **context,
            )
        elif settings["review_delay_hours"]:
            send_to_payer(
                runtime,
                invoice.practice_id,
                invoice.billed_to_id,
                "invoice_ready",
                f"invoice:{invoice.id}",
                pay_url=None,
                link_expires=None,
                charge_on=charge_on,
                **context,
            )
        return "charge-scheduled"
    url, expires = pay_url(runtime, invoice.id)
    sent = send_to_payer(
        runtime,
        invoice.practice_id,
        invoice.billed_to_id,
        "invoice_ready",
        f"invoice:{invoice.id}",
        pay_url=url,
        link_expires=expires,
        charge_on=None,
        **context,
    )
    if sent is None:
        return "payer-has-no-email"
    fresh = load(runtime.stores[STORE], Invoice, invoice.id, ctx.practice_id)
    if not fresh.sent and not fresh.void:
        fresh.mark_sent(SERVICE, ctx.now())
        save(runtime.stores[STORE], fresh, result_of=fresh)
    return "payment-requested"


def charge_invoice(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    invoice = _invoice(runtime, job.payload["invoice_id"])
    attempt = int(job.payload["attempt"])
    ctx = runtime.context(SERVICE, UUID(invoice.practice_id))
    gateway = runtime.stripe
    if gateway is None:
        return "no-gateway"
    started = start_charge(ctx, str(invoice.id), attempt)
    if started is None:
        return "nothing-to-charge"
    amount, invoice = started
    account = find(
        runtime.stores[STORE],
        PayerAccount,
        PayerAccount.id_for(invoice.practice_id, invoice.billed_to_id),
    )
    assert account is not None and account.saved_method and account.customer_id
    answer = gateway.charge(
        customer_id=account.customer_id,
        payment_method_id=account.saved_method["id"],
        amount_cents=amount,
        idempotency_key=Invoice.charge_key(invoice.id, attempt),
        description=f"{display_number(invoice.number)} ({dollars(amount)})",
        metadata={
            "invoice_id": str(invoice.id),
            "practice_id": invoice.practice_id,
            "attempt": str(attempt),
        },
    )
    if hooks.get("after_charge"):
        hooks["after_charge"]()  # tests: the worker dies right here
    outcome = IntentOutcome(
        intent_id=answer.id,
        outcome=answer.outcome,
        amount_cents=answer.amount_cents,
        method=account.saved_method["kind"],
        invoice_id=str(invoice.id),
        attempt=attempt,
        failure_code=answer.decline_code or answer.failure_code,
    )
    return record_intent(ctx, outcome)


def tell_payer_payment_needs_attention(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    account: PayerAccount = runtime.stores[STORE].repository.get(UUID(job.payload["account_id"]))
    assert isinstance(account, PayerAccount)
    sent = send_to_payer(
        runtime,
        account.practice_id,
        account.payer_id,
        "payment_needs_attention",
        f"payment-attention:{account.id}:{job.key}",
    )
    return "no-email" if sent is None else str(sent.value)
