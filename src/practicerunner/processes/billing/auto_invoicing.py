"""The auto-invoicing process manager. After a completed appointment (or a no-show, or a late
cancellation, by policy) its payer is billed: daily-AutoPay payers on an invoice of its own,
issued at once; others on their draft for the provider's billing period, issued by the
invoice run when the period closes. A cancelled or moved appointment that was already billed
is credited. Jobs are keyed by the appointment, and each line is guarded by its
``AppointmentBilling`` record, so replays and redeliveries bill nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.commands.billing.auto_invoicing import (
    AppointmentCommand,
    IssueClosedPeriod,
    bill_appointment,
    credit_appointment,
    issue_closed_period,
)
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import Appointment, AppointmentStatus
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

BILL_APPOINTMENT = "bill_appointment"
SETTLE_CHANGED_APPOINTMENT = "settle_changed_billed_appointment"
SERVICE = Actor.service("auto-invoicing")


def when_appointment_held_bill_it(event: Any) -> Iterable[Job]:
    yield Job(
        actor=BILL_APPOINTMENT,
        key=str(event.originator_id),
        payload={"appointment_id": str(event.originator_id)},
    )


def when_appointment_cancelled_or_moved_settle_its_billing(event: Any) -> Iterable[Job]:
    yield Job(
        actor=SETTLE_CHANGED_APPOINTMENT,
        key=f"{event.originator_id}:{event.originator_version}",
        payload={"appointment_id": str(event.originator_id)},
    )


DECIDERS = (
    (Appointment.Completed, when_appointment_held_bill_it),
    (Appointment.MarkedNoShow, when_appointment_held_bill_it),
    (Appointment.Cancelled, when_appointment_cancelled_or_moved_settle_its_billing),
    (Appointment.Rescheduled, when_appointment_cancelled_or_moved_settle_its_billing),
)


def _appointment(runtime: Services, job: OutboxRow) -> tuple[Any, AppointmentCommand]:
    appointment: Appointment = runtime.stores.scheduling.repository.get(
        UUID(job.payload["appointment_id"])
    )
    assert isinstance(appointment, Appointment)
    ctx = runtime.context(SERVICE, UUID(appointment.practice_id))
    return ctx, AppointmentCommand(appointment_id=appointment.id)


def bill_held_appointment(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    ctx, cmd = _appointment(runtime, job)
    return bill_appointment(cmd, ctx)


def settle_changed_appointment(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    """Credits what was billed ahead; then a late cancellation is billed its fee by policy."""
    ctx, cmd = _appointment(runtime, job)
    credited = credit_appointment(cmd, ctx)
    appointment: Appointment = runtime.stores.scheduling.repository.get(cmd.appointment_id)
    if appointment.status == AppointmentStatus.LATE_CANCELLED:
        return f"{credited};{bill_appointment(cmd, ctx)}"
    return credited


def _drafts_due(runtime: Services, limit: int) -> list[tuple[str, str]]:
    """(invoice id, practice id) of drafts whose period closed by the practice's own today:
    first the practices with a draft that may be due anywhere (no timezone is more than a
    day ahead of UTC), then each practice's drafts up to the day it is there."""
    now = runtime.clock.now()
    latest = (now + timedelta(days=1)).date().isoformat()
    due: list[tuple[str, str]] = []
    with runtime.db.read() as tx:
        invoices = runtime.engine.tables(tx, "billing_ledger")["invoices"]
        drafts = f"FROM {invoices} WHERE status = 'draft' AND period IS NOT NULL AND period <= %s"
        practice_ids = [
            p for (p,) in tx.fetchall(f"SELECT DISTINCT practice_id {drafts}", (latest,))
        ]
        for practice_id in sorted(practice_ids):
            practice: Practice = runtime.stores.practice.repository.get(UUID(practice_id))
            today = now.astimezone(ZoneInfo(practice.timezone)).date().isoformat()
            due += tx.fetchall(
                f"SELECT invoice_id, practice_id {drafts} AND practice_id = %s "
                "ORDER BY period, number LIMIT %s",
                (today, practice_id, limit - len(due)),
            )
            if len(due) >= limit:
                break
    return due


def invoice_run(runtime: Services, limit: int = 500) -> int:
    """The due check: issues every draft whose billing period has closed (its closing day has
    begun in the practice's timezone: a practice in Auckland is invoiced hours before one in
    Honolulu). Returns how many it issued."""
    due = _drafts_due(runtime, limit)
    issued = 0
    for invoice_id, practice_id in due:
        ctx = runtime.context(SERVICE, UUID(practice_id))
        issued += (
            issue_closed_period(IssueClosedPeriod(invoice_id=UUID(invoice_id)), ctx) is not None
        )
    return issued
