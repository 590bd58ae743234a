"""Billing benchmarks.

``invoice_run``: a monthly run over completed sessions (5,000 sessions of 500 payers; 500 and
50 with ``--quick``): each session billed by the auto-invoicing command onto its payer's draft
for the month, the ledger caught up, and the invoice run issuing every closed draft. Value:
invoices issued per second of that whole run. Baseline: the command layer's bare save of the
same events (numbering, drafts, lines, appointment-billing records, issues and payer
accounts), the aggregates built in memory and saved with ``Application.save`` one decision at
a time, as the commands do, without any loading or checking.

``ledger_rebuild``: the ledger rebuilt from zero over a billing log of invoices, lines,
issues, payments and credits (the invoice run's log plus a payment per invoice). Value:
ledger events per second of ``ProjectionEngine.rebuild``. Baseline: reading and decoding the
same notifications (the ledger's topics) in the same batch size, applying nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from benchmarks.rebuild import read_log
from benchmarks.results import Result
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext
from practicerunner.commands.billing import auto_invoicing, settings
from practicerunner.commands.clients import cases, people
from practicerunner.commands.practice import catalog
from practicerunner.commands.practice.practice import OpenPractice
from practicerunner.config import Settings
from practicerunner.demo import open_with_owner
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.lines import free_line
from practicerunner.domain.billing.numbering import InvoiceNumbering
from practicerunner.domain.practice.roles import Plan
from practicerunner.domain.scheduling.appointments import Appointment, TimeRange
from practicerunner.processes.billing.auto_invoicing import SERVICE, invoice_run

Say = Callable[[str], None]
MARCH = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _practice(rt: Runtime) -> tuple[CommandContext, str, str, str]:
    practice_id, owner_id = open_with_owner(
        rt,
        OpenPractice(
            name="Bench Billing", slug=f"bench-billing-{uuid.uuid4().hex[:6]}", plan=Plan.GROUP,
            owner_email="owner@bench-billing.example", owner_given_name="Olive",
            owner_family_name="Owner",
        ),
    )  # fmt: skip
    ctx = rt.context(Actor(owner_id), practice_id)
    location = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    service = catalog.add_service(
        catalog.AddService(name="Session", cpt_code="90834", duration_minutes=50, fee_cents=15000),
        ctx,
    )
    settings.change_billing_settings(
        settings.ChangeBillingSettings(values={"billing_mode": "auto_invoice"}), ctx
    )
    return ctx, owner_id, str(location.id), str(service.id)


def completed_sessions(rt: Runtime, payers: int, each: int) -> tuple[CommandContext, list[Any]]:
    """A practice with ``payers`` clients (each their own payer) and ``each`` completed March
    sessions apiece, the sessions saved straight into the store (they are not what is
    measured); returns the auto-invoicer's context and the appointment ids."""
    ctx, owner_id, location_id, service_id = _practice(rt)
    app = rt.stores.scheduling
    appointments: list[Any] = []
    for n in range(payers):
        person = people.register_person(
            people.RegisterPerson(given_name=f"Payer{n}", family_name="Bench"), ctx
        )
        case = cases.open_case(cases.OpenCase(kind="individual", participant_ids=[person.id]), ctx)
        batch = []
        for k in range(each):
            start = MARCH + timedelta(days=k % 25, minutes=n)
            appointment = Appointment.book(
                id=uuid.uuid4(), practice_id=str(ctx.practice_id), case_id=str(case.id),
                case_kind="individual", provider_id=owner_id, service_id=service_id,
                location_id=location_id, room_id=None, session_format="video",
                when=TimeRange(start, start + timedelta(minutes=50)), supervisor_id=None,
                reminder_offsets=[], by=ctx.actor, at=start - timedelta(days=7),
            )  # fmt: skip
            appointment.complete({}, [str(person.id)], ctx.actor, start + timedelta(hours=1))
            batch.append(appointment)
        app.save(*batch)
        appointments.extend(a.id for a in batch)
    return rt.context(SERVICE, ctx.practice_id), appointments


def run_invoicing(rt: Runtime, ctx: CommandContext, appointments: list[Any]) -> tuple[int, float]:
    """The measured run: bill every session, catch the ledger up, issue every closed draft."""
    started = time.perf_counter()
    for appointment_id in appointments:
        auto_invoicing.bill_appointment(
            auto_invoicing.AppointmentCommand(appointment_id=appointment_id), ctx
        )
    issued = 0
    while True:
        rt.engine.catch_up("billing_ledger")
        found = invoice_run(rt)
        issued += found
        if not found:
            break
    return issued, time.perf_counter() - started


def run_bare(rt: Runtime, payers: int, each: int) -> tuple[int, float]:
    """The same decisions' events, aggregates held in memory, saved bare one at a time."""
    app = rt.stores["billing"]
    practice_id = str(uuid.uuid4())
    actor = Actor.service("bench")
    at = datetime.now(UTC)
    numbering = InvoiceNumbering.start(practice_id, actor, at)
    started = time.perf_counter()
    for _n in range(payers):
        payer = str(uuid.uuid4())
        invoice: Invoice | None = None
        for _k in range(each):
            appointment_id = str(uuid.uuid4())
            saving: list[Any] = []
            if invoice is None:
                invoice_id = uuid.uuid4()
                number = numbering.take(invoice_id, actor, at)
                invoice = Invoice.draft(
                    id=invoice_id, practice_id=practice_id, number=number, billed_to_id=payer,
                    case_id=str(uuid.uuid4()), person_ids=[payer], wording="therapy", by=actor,
                    at=at, provider_id=None, period="2026-04-01",
                )  # fmt: skip
                saving.append(numbering)
            invoice.add_line(free_line(appointment_id, "Session", 1, 15000), actor, at)
            record = AppointmentBilling.bill(
                practice_id=practice_id, appointment_id=appointment_id, participant_id=None,
                invoice_id=str(invoice.id), line_id=appointment_id, by=actor, at=at,
            )  # fmt: skip
            app.save(invoice, record, *saving)
        assert invoice is not None
        account = PayerAccount.open(practice_id, payer, actor, at)
        invoice.issue(date(2026, 4, 15), actor, at)
        account.track(str(invoice.id), invoice.number, invoice.is_open, actor, at)
        app.save(invoice, account)
    return payers, time.perf_counter() - started


def invoice_run_benchmark(backend: str, settings_: Settings, quick: bool, say: Say) -> list[Result]:
    payers, each = (50, 10) if quick else (500, 10)
    rt = Runtime(settings_)
    try:
        say(f"invoice_run[{backend}]: {payers * each:,} completed sessions of {payers} payers")
        ctx, appointments = completed_sessions(rt, payers, each)
        rt.engine.catch_up("billing_ledger")
        issued, seconds = run_invoicing(rt, ctx, appointments)
        assert issued == payers, (issued, payers)
        # The bare side twice, the faster kept (conservative against a noisy machine).
        bare_seconds = min(run_bare(rt, payers, each)[1] for _ in range(2))
        say(
            f"invoice_run[{backend}]: {issued} invoices in {seconds:.2f} s; "
            f"bare {bare_seconds:.2f} s"
        )
        return [
            Result(
                name="invoice_run",
                value=issued / seconds,
                unit="invoices/s",
                baseline="Application.save of the same events, aggregates in memory, one "
                "decision per save",
                baseline_value=payers / bare_seconds,
                params={
                    "backend": backend,
                    "payers": payers,
                    "sessions": payers * each,
                    "run_seconds": round(seconds, 3),
                    "bare_seconds": round(bare_seconds, 3),
                    "sessions_per_s": round(payers * each / seconds),
                    "counting": "invoices issued / seconds to bill every session, catch the "
                    "ledger up and issue every closed draft",
                },
            )
        ]
    finally:
        rt.close()


def billing_log(rt: Runtime, payers: int, each: int) -> int:
    """A billing log written straight to the store, as the commands would write it: per payer
    a numbered draft with ``each`` session lines, issued, paid by check with 5 dollars over
    (kept as credit), a tenth refunded in part, a tenth given credit by hand. Returns the
    number of events."""
    from practicerunner.domain.billing.allocation import refund_payment, settle_payment
    from practicerunner.domain.billing.payments import Payment

    app = rt.stores["billing"]
    practice_id = str(uuid.uuid4())
    actor = Actor.service("bench")
    at = datetime.now(UTC)
    numbering = InvoiceNumbering.start(practice_id, actor, at)
    events = 0
    pending: list[Any] = [numbering]
    for n in range(payers):
        payer, case = str(uuid.uuid4()), str(uuid.uuid4())
        invoice_id = uuid.uuid4()
        invoice = Invoice.draft(
            id=invoice_id, practice_id=practice_id, number=numbering.take(invoice_id, actor, at),
            billed_to_id=payer, case_id=case, person_ids=[payer], wording="therapy", by=actor,
            at=at, provider_id=None, period="2026-04-01",
        )  # fmt: skip
        for k in range(each):
            line = free_line(f"s{k}", "Session", 1, 15000)
            invoice.add_line({**line, "rendering_provider_id": "p1", "service_date": "2026-03-02"},
                             actor, at)  # fmt: skip
        account = PayerAccount.open(practice_id, payer, actor, at)
        invoice.issue(date(2026, 4, 15), actor, at)
        account.track(str(invoice.id), invoice.number, invoice.is_open, actor, at)
        payment = Payment.record(
            id=uuid.uuid4(), practice_id=practice_id, payer_id=payer, method="check",
            amount_cents=invoice.total_cents + 500, received_on="2026-04-02", reference="1001",
            by=actor, at=at,
        )  # fmt: skip
        settle_payment(payment, account, invoice, {}, actor, at)
        if n % 10 == 0:
            refund_payment(payment, 2500, account, {str(invoice.id): invoice}, "r", None, actor, at)
        if n % 10 == 5:
            account.add_credit(1000, "manual", actor, at)
        for aggregate in (invoice, account, payment):
            events += len(aggregate.pending_events)
        pending += [invoice, account, payment]
        if len(pending) >= 300:
            events += len(numbering.pending_events)
            app.save(*pending)
            pending = [numbering]
    events += len(numbering.pending_events)
    app.save(*pending)
    return events


def ledger_rebuild_benchmark(
    backend: str, settings_: Settings, quick: bool, say: Say
) -> list[Result]:
    payers, each = (250, 10) if quick else (5_000, 10)
    rt = Runtime(settings_)
    try:
        written = billing_log(rt, payers, each)
        say(f"ledger_rebuild[{backend}]: wrote {written:,} billing events of {payers:,} payers")
        rows = range(payers)
        app = rt.stores["billing"]
        projection = rt.engine.projections["billing_ledger"]
        head = app.recorder.max_notification_id() or 0
        batch_size = rt.engine.batch_size * 4
        read_log(app, projection.topics, batch_size, head)  # warm both sides alike
        started = time.perf_counter()
        events = read_log(app, projection.topics, batch_size, head)
        base_seconds = time.perf_counter() - started
        started = time.perf_counter()
        rt.engine.rebuild("billing_ledger")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        read_log(app, projection.topics, batch_size, head)
        base_seconds = min(base_seconds, time.perf_counter() - started)
        say(f"ledger_rebuild[{backend}]: {events:,} events in {seconds:.2f} s")
        return [
            Result(
                name="ledger_rebuild",
                value=events / seconds,
                unit="events/s",
                baseline="select_notifications + to_domain_event of the ledger's events, same "
                "batch size",
                baseline_value=events / base_seconds,
                params={
                    "backend": backend,
                    "ledger_events": events,
                    "billing_log": head,
                    "invoices": len(rows),
                    "rebuild_seconds": round(seconds, 3),
                    "baseline_seconds": round(base_seconds, 3),
                    "batch_size": batch_size,
                },
            )
        ]
    finally:
        rt.close()
