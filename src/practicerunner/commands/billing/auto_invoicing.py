"""Invoicing that follows the schedule, run by the auto-invoicing process manager as a named
service principal: bill a completed session (or a no-show or late cancellation, by policy) on
the payer's draft for its provider's period, or at once for daily AutoPay; issue the drafts
whose period has closed; credit a billed appointment that was cancelled or moved."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.billing.appointment_lines import (
    add_appointment_lines,
    appointment_of_practice,
    billed_people,
    case_of,
    lines_for,
)
from practicerunner.commands.billing.common import (
    billed_contact,
    billing_store,
    find,
    practice_settings,
    retrying,
    settings_for,
)
from practicerunner.commands.billing.invoices import credit_line, issued, numbered_invoice
from practicerunner.commands.billing.references import INVOICE
from practicerunner.commands.references import APPOINTMENT
from practicerunner.domain.base import natural_id
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice, LineKind, period_invoice_id
from practicerunner.domain.billing.schedules import period_closing
from practicerunner.domain.billing.settings import DEFAULT_SCHEDULE, BillingMode
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import AppointmentStatus


class AppointmentCommand(Command):
    appointment_id: uuid.UUID


def _invoice_for(
    ctx: CommandContext, payer: str, case: Any, provider_id: str, mode: str, service_day: date,
    appointment_id: str, participant: str | None, base: Any,
) -> tuple[Invoice, list[Any]]:  # fmt: skip
    """The draft this session's line goes on (with anything new to save alongside)."""
    app = billing_store(ctx)
    practice_id = str(ctx.practice_id)
    if mode == BillingMode.DAILY_AUTOPAY:
        invoice_id = natural_id("session-invoice", appointment_id, participant or "")
        period = None
    else:
        schedule = base.schedule_of(provider_id) if base else DEFAULT_SCHEDULE
        period = period_closing(schedule, service_day).isoformat()
        invoice_id = period_invoice_id(practice_id, payer, provider_id, period)
    existing = find(app, Invoice, invoice_id)
    if existing is not None and existing.issued_at is None and not existing.void:
        return existing, []
    if existing is not None:  # that period was already invoiced: a late session of its own
        invoice_id, period = uuid.uuid4(), None
    invoice, numbering = numbered_invoice(
        ctx, billed_to_id=payer, case=case, invoice_id=invoice_id, provider_id=provider_id,
        period=period,
    )  # fmt: skip
    return invoice, [numbering]


@command(refs={"appointment_id": APPOINTMENT}, access=practice_wide)
def bill_appointment(cmd: AppointmentCommand, ctx: CommandContext) -> str:
    """Bills a held session (a no-show or late cancellation by policy) once per payer; returns
    what happened. A second call finds the appointment billed and does nothing."""

    def attempt() -> str:
        appointment = appointment_of_practice(ctx, cmd.appointment_id)
        case = case_of(ctx, appointment.case_id)
        practice = load(ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id,
                        copy=False)  # fmt: skip
        service_day = appointment.start.astimezone(ZoneInfo(practice.timezone)).date()
        base = practice_settings(ctx, copy=False)
        outcomes = []
        for participant in billed_people(appointment, case):
            payer = billed_contact(case, participant)
            settings = settings_for(ctx, str(case.id), payer, base)
            mode = settings["billing_mode"]
            if mode == BillingMode.MANUAL:
                outcomes.append("manual")
                continue
            lines = [
                found
                for found in lines_for(ctx, appointment, case, payer, settings, False, practice)
                if found[0] == participant
            ]
            if not lines:
                outcomes.append("nothing-to-bill")
                continue
            invoice, extra = _invoice_for(
                ctx, payer, case, appointment.provider_id, mode, service_day,
                str(appointment.id), participant, base,
            )  # fmt: skip
            records = add_appointment_lines(ctx, invoice, lines, str(appointment.id))
            touched: list[Any] = [invoice, *extra, *records]
            if mode == BillingMode.DAILY_AUTOPAY:
                touched = [*issued(ctx, invoice), *extra, *records]
            save(billing_store(ctx), *touched, result_of=invoice)
            outcomes.append("invoiced" if mode == BillingMode.DAILY_AUTOPAY else "on-draft")
        return ",".join(outcomes) or "no-payer"

    return retrying(attempt)


def _charges_what_it_became(invoice: Invoice, line_id: str, status: AppointmentStatus) -> bool:
    """A line that is the fee for the appointment's status now: a late cancellation
    invoiced (by staff, or by policy) before its settling job ran."""
    line = next((ln for ln in invoice.lines if ln["line_id"] == line_id), None)
    return line is not None and (line["kind"], status) in {
        (LineKind.LATE_CANCEL.value, AppointmentStatus.LATE_CANCELLED),
        (LineKind.NO_SHOW.value, AppointmentStatus.NO_SHOW),
    }


@command(refs={"appointment_id": APPOINTMENT}, access=practice_wide)
def credit_appointment(cmd: AppointmentCommand, ctx: CommandContext) -> str:
    """A billed appointment that was cancelled or moved: its line is removed from a draft or
    credited on an issued invoice, never silently changed."""

    def attempt() -> str:
        appointment = appointment_of_practice(ctx, cmd.appointment_id)
        case = case_of(ctx, appointment.case_id)
        app = billing_store(ctx)
        done = 0
        for participant in {None, *billed_people(appointment, case), *case.participants}:
            record = find(
                app, AppointmentBilling, AppointmentBilling.id_for(str(appointment.id), participant)
            )
            if record is None or record.credited:
                continue
            invoice = load(app, Invoice, record.invoice_id, ctx.practice_id)
            if _charges_what_it_became(invoice, record.line_id, appointment.status):
                continue  # the late-cancel fee billed before this ran: it stays
            reason = f"appointment {appointment.status.value.replace('_', ' ')}"
            if invoice.void:
                touched: list[Any] = [invoice]
            elif invoice.issued_at is None:
                invoice.remove_line(record.line_id, ctx.actor, ctx.now())
                touched = [invoice]
            else:
                touched = credit_line(ctx, invoice, record.line_id, reason)
            record.credit(reason, ctx.actor, ctx.now())
            save(app, *touched, record, result_of=invoice)
            done += 1
        return f"credited:{done}"

    return retrying(attempt)


class IssueClosedPeriod(Command):
    invoice_id: uuid.UUID


@command(refs={"invoice_id": INVOICE}, access=practice_wide)
def issue_closed_period(cmd: IssueClosedPeriod, ctx: CommandContext) -> CommandResult | None:
    """The invoice run: a draft whose period has closed is issued (once: an issued one is
    left alone)."""

    def attempt() -> CommandResult | None:
        invoice = load(billing_store(ctx), Invoice, cmd.invoice_id, ctx.practice_id)
        if invoice.issued_at is not None or invoice.void or not invoice.lines:
            return None
        return save(billing_store(ctx), *issued(ctx, invoice), result_of=invoice)

    return retrying(attempt)
