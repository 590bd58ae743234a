"""The worker dies after the fake Stripe accepted a charge (or a refund) and before the result
was recorded: the redelivered job sends the same idempotency key, Stripe answers the same
PaymentIntent (or refund), and it is recorded once: one charge, one refund on the fake's own
ledger. Replaying the billing of a
session (redelivered jobs, a rebuilt outbox decision) never adds a second line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import pytest

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import ledger
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.billing import auto_invoicing, autopay, payments, settings
from practicerunner.commands.scheduling import booking, changes
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.processes.billing.autopay import CHARGE_INVOICE
from practicerunner.processes.billing.refunds import REFUND_AT_STRIPE
from tests.support.scheduling import ready_practice
from tests.support.stripe import complete_checkout, with_fake_stripe


class WorkerKilled(Exception):
    pass


@pytest.fixture
def rt(
    settings: Settings, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> Iterator[Runtime]:
    runtime = Runtime(with_fake_stripe(settings, fake_stripe), clock=clock)
    yield runtime
    runtime.close()


def _autopay_session(rt: Runtime, clock: ControlledClock) -> tuple[object, UUID]:
    from practicerunner.commands.clients import cases, people

    p = ready_practice(rt)
    ctx = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    payer = people.register_person(
        people.RegisterPerson(given_name="Gale", family_name="Payer"), ctx
    )
    case = cases.open_case(cases.OpenCase(kind="individual", participant_ids=[payer.id]), ctx)
    settings.change_billing_settings(
        settings.ChangeBillingSettings(
            values={"billing_mode": "daily_autopay", "autopay_notice": False}
        ),
        ctx,
    )
    back = "http://127.0.0.1/back"
    _, url = autopay.start_method_setup(ctx, rt.stripe, str(payer.id), back)
    assert complete_checkout(url).status_code == 303
    autopay.refresh_saved_method(ctx, rt.stripe, str(payer.id))
    autopay.switch_autopay(autopay.SwitchAutoPay(payer_id=payer.id, on=True), ctx)
    booked = booking.book_appointment(
        booking.BookAppointment(
            case_id=case.id, provider_id=UUID(p.provider_id), service_id=UUID(p.therapy_service_id),
            location_id=UUID(p.video_id), start=clock.now() + timedelta(hours=1),
        ),
        ctx,
    )  # fmt: skip
    clock.advance(timedelta(hours=2))
    changes.complete_appointment(changes.CompleteAppointment(appointment_id=booked.id), ctx)
    return ctx, booked.id


def _invoice_of(rt: Runtime, appointment_id: UUID) -> Invoice:
    from practicerunner.domain.billing.billed_appointments import AppointmentBilling

    record = rt.stores["billing"].repository.get(AppointmentBilling.id_for(str(appointment_id)))
    invoice = rt.stores["billing"].repository.get(UUID(record.invoice_id))  # type: ignore[attr-defined]
    assert isinstance(invoice, Invoice)
    return invoice


def test_a_worker_killed_after_stripe_charged_never_charges_twice(
    rt: Runtime, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    fake_stripe.fake.webhooks.hold()  # no webhook may record the payment for us here
    _, appointment_id = _autopay_session(rt, clock)

    def die() -> None:
        raise WorkerKilled

    # Everything up to the charge runs; the charge job is then taken by a worker that dies.
    charge = None
    for _ in range(10):
        while rt.engine.tick():
            pass
        for row in rt.outbox.claim_due(clock.now()):
            if row.actor == CHARGE_INVOICE:
                charge = row
            else:
                rt.jobs.perform(row.actor, row.job_id)
        if charge is not None:
            break
    assert charge is not None
    rt.jobs.hooks["after_charge"] = die
    with pytest.raises(WorkerKilled):
        rt.jobs.perform(charge.actor, charge.job_id)
    rt.jobs.hooks.clear()
    assert [c.amount_cents for c in ledger(fake_stripe.fake)] == [15000]
    assert _invoice_of(rt, appointment_id).balance_cents == 15000  # not recorded yet

    # Ten minutes later the dispatcher hands the unfinished job out again.
    clock.advance(timedelta(minutes=11))
    rt.run_until_idle()
    invoice = _invoice_of(rt, appointment_id)
    assert (invoice.status.value, invoice.paid_cents) == ("paid", 15000)
    assert [c.amount_cents for c in ledger(fake_stripe.fake)] == [15000]
    keys = [k for m, p, k in fake_stripe.fake.requests if p == "/v1/payment_intents"]
    assert keys == [Invoice.charge_key(invoice.id, 1)] * 2  # the same key, sent twice


def test_a_worker_killed_after_stripe_refunded_never_refunds_twice(
    rt: Runtime, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    ctx, appointment_id = _autopay_session(rt, clock)
    rt.run_until_idle()
    paid = _invoice_of(rt, appointment_id)
    (payment_id,) = paid.payments
    result = payments.refund_payment(
        payments.RefundPayment(payment_id=UUID(payment_id), amount_cents=6000),
        ctx,  # type: ignore[arg-type]
    )

    def die() -> None:
        raise WorkerKilled

    refund = None
    while refund is None:
        while rt.engine.tick():
            pass
        refund = next(
            (r for r in rt.outbox.claim_due(clock.now()) if r.actor == REFUND_AT_STRIPE), None
        )
    rt.jobs.hooks["after_refund"] = die
    with pytest.raises(WorkerKilled):
        rt.jobs.perform(refund.actor, refund.job_id)
    rt.jobs.hooks.clear()
    assert [c.amount_refunded_cents for c in ledger(fake_stripe.fake)] == [6000]
    assert _invoice_of(rt, appointment_id).balance_cents == 0  # not recorded yet

    clock.advance(timedelta(minutes=11))
    rt.run_until_idle()
    assert _invoice_of(rt, appointment_id).balance_cents == 6000
    assert [c.amount_refunded_cents for c in ledger(fake_stripe.fake)] == [6000]
    keys = [k for m, p, k in fake_stripe.fake.requests if p == "/v1/refunds"]
    assert keys == [f"refund:{result.extra['refund_id']}"] * 2


def test_billing_a_session_again_adds_no_second_line(rt: Runtime, clock: ControlledClock) -> None:
    ctx, appointment_id = _autopay_session(rt, clock)
    rt.run_until_idle()
    invoice = _invoice_of(rt, appointment_id)
    cmd = auto_invoicing.AppointmentCommand(appointment_id=appointment_id)
    for _ in range(3):  # a redelivered job, a replayed decision
        assert auto_invoicing.bill_appointment(cmd, ctx) == "nothing-to-bill"  # type: ignore[arg-type]
    rt.engine.rebuild("billing_ledger")
    rt.run_until_idle()
    again = _invoice_of(rt, appointment_id)
    assert again.id == invoice.id and len(again.lines) == 1
