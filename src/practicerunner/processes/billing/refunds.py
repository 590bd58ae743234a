"""Refunds of card and bank payments, made at Stripe. A refund asked for by staff is recorded
as a decision (``Payment.RefundRequested``, its cents held); this job asks Stripe with the
idempotency key ``refund:<refund id>``, so a worker killed after Stripe refunded and before
the refund was recorded retries with the same key and Stripe answers the same refund: money
is given back once, however often the job runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.adapters.stripe_gateway import GatewayRefused
from practicerunner.commands.billing.common import STORE
from practicerunner.commands.billing.payments import record_refund_refused, record_stripe_refund
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.payments import Payment
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

REFUND_AT_STRIPE = "refund_at_stripe"
SERVICE = Actor.service("refunds")


def when_refund_requested_refund_at_stripe(event: Payment.RefundRequested) -> Iterable[Job]:
    yield Job(
        REFUND_AT_STRIPE,
        event.refund_id,
        {"payment_id": str(event.originator_id), "refund_id": event.refund_id},
    )


DECIDERS = ((Payment.RefundRequested, when_refund_requested_refund_at_stripe),)


def refund_at_stripe(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    payment: Payment = runtime.stores[STORE].repository.get(UUID(job.payload["payment_id"]))
    assert isinstance(payment, Payment)
    refund_id = job.payload["refund_id"]
    asked = payment.refunds_in_flight.get(refund_id)
    if asked is None:
        return "already-recorded"
    gateway = runtime.stripe
    if gateway is None:
        raise RuntimeError("a card or bank refund waits for Stripe to be set up")
    ctx = runtime.context(SERVICE, UUID(payment.practice_id))
    try:
        gateway.refund(
            str(payment.reference),
            idempotency_key=f"refund:{refund_id}",
            amount_cents=int(asked["amount_cents"]),
            metadata={"payment_id": str(payment.id), "practice_id": payment.practice_id},
        )
    except GatewayRefused as refused:
        return record_refund_refused(ctx, str(payment.id), refund_id, refused.code)
    if hooks.get("after_refund"):
        hooks["after_refund"]()  # tests: the worker dies right here
    return record_stripe_refund(ctx, str(payment.id), refund_id)
