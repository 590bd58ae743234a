"""Stripe's webhooks, handled in any order and any number of times: a PaymentIntent's outcome
is recorded once per intent (``record_intent`` is idempotent and only moves a payment
forward: pending to succeeded or failed, succeeded to returned), a bank debit taken back after
it succeeded is recorded as returned, a completed setup page saves the payer's method, and
each event id is remembered so a redelivery is ignored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from practicerunner.commands.billing.autopay import (
    IntentOutcome,
    record_intent,
    record_return,
    refresh_saved_method,
)
from practicerunner.commands.billing.common import STORE, find
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.payments import Payment
from practicerunner.domain.billing.stripe_events import StripeEventHandled
from practicerunner.domain.errors import DomainError

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

SERVICE = Actor.service("stripe-webhooks")
NOT_YET = "not-yet"  # to be delivered again: the webhook answers 503


def _intent(rt: Services, event: Any) -> str:
    payment = event.payment
    metadata = dict(payment.metadata or {})
    if "invoice_id" not in metadata or "practice_id" not in metadata:
        return "not-ours"
    ctx = rt.context(SERVICE, UUID(metadata["practice_id"]))
    attempt = metadata.get("attempt")
    return record_intent(
        ctx,
        IntentOutcome(
            intent_id=payment.id
            if event.object_type == "payment_intent"
            else str(event.data.get("payment_intent") or payment.id),
            outcome=payment.outcome,
            amount_cents=payment.amount_cents,
            method=_method_kind(rt, event),
            invoice_id=metadata["invoice_id"],
            attempt=int(attempt) if attempt else None,
            failure_code=payment.decline_code or payment.failure_code,
        ),
    )


def _method_kind(rt: Services, event: Any) -> str:
    """Card or bank account: an intent that allowed both (a pay link's) is asked of Stripe
    with its charge, which names the kind the payer chose."""
    allowed = list(event.data.get("payment_method_types") or ["card"])
    if event.payment.method_kind or len(allowed) == 1:
        return str(event.payment.method_kind or allowed[0])
    return str(rt.stripe.payment(event.payment.id).method_kind or allowed[0])


def _return(rt: Services, event: Any) -> str:
    """A bank debit taken back after it succeeded. Stripe tells of it as a dispute (for ACH,
    final: the money is gone) or, on older integrations, as a ``charge.failed`` whose charge
    carries a reversal (``failure_balance_transaction``). A failed charge that never
    succeeded is the PaymentIntent's failure, handled there; card disputes can be contested
    and are left to staff."""
    data = event.data
    if event.type == "charge.failed":
        if event.payment is None or not event.payment.returned:
            return "ignored"
        intent_id, code = event.payment.id, event.payment.failure_code
    else:
        intent_id, code = str(data.get("payment_intent") or ""), str(data.get("reason") or "")
    if not intent_id:
        return "ignored"
    payment = find(rt.stores[STORE], Payment, Payment.id_for_stripe(intent_id))
    ours = event.payment is not None and "invoice_id" in (event.payment.metadata or {})
    if (payment is None and ours) or (payment is not None and payment.status == "pending"):
        # Taken back before its success is recorded here (webhooks come in any order): not
        # remembered as handled, so Stripe delivers it again later.
        return NOT_YET
    if payment is None or payment.method != "us_bank_account":
        return "ignored"
    ctx = rt.context(SERVICE, UUID(payment.practice_id))
    return record_return(ctx, intent_id, code or None)


def _setup(rt: Services, event: Any) -> str:
    checkout = event.checkout
    metadata = dict(checkout.metadata or {})
    if checkout.mode != "setup" or "payer_id" not in metadata:
        return "ignored"
    ctx = rt.context(SERVICE, UUID(metadata["practice_id"]))
    refresh_saved_method(ctx, rt.stripe, metadata["payer_id"])
    return "method-saved"


def handle_stripe_event(rt: Any, event: Any) -> str:
    app = rt.stores[STORE]
    if find(app, StripeEventHandled, StripeEventHandled.id_for(event.id)) is not None:
        return "duplicate"
    try:
        if event.payment is not None and event.type.startswith("payment_intent."):
            outcome = _intent(rt, event)
        elif event.type in ("charge.failed", "charge.dispute.created"):
            outcome = _return(rt, event)
        elif event.checkout is not None and event.type == "checkout.session.completed":
            outcome = _setup(rt, event)
        else:
            outcome = "ignored"
    except DomainError as refused:  # another practice's ids, a closed invoice: nothing to do
        outcome = f"refused:{refused.code}"
    if outcome == NOT_YET:
        return outcome
    seen = StripeEventHandled.record(event.id, event.type, outcome, SERVICE, rt.clock.now())
    try:
        app.save_all(seen)
    except IntegrityError:
        return "duplicate"  # the same event, handled at the same moment by another delivery
    return outcome
