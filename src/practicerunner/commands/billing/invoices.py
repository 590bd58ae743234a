"""Invoices by staff: create one (for a case's billing contact, or for a payer directly) with
free lines and appointments, change a draft's lines, issue, mark sent, void, and credit an
issued line. Every new invoice takes the practice's next number in the same write."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from pydantic import Field, StrictInt

from practicerunner.commands.access import command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    save,
)
from practicerunner.commands.billing.appointment_lines import (
    add_appointment_lines,
    appointment_of_practice,
    case_of,
    lines_for,
)
from practicerunner.commands.billing.common import (
    Cents,
    account_for,
    billed_contact,
    billing_store,
    find,
    invoice_of_practice,
    local_today,
    open_invoices,
    payer_of_practice,
    retrying,
    settings_for,
    writable_practice,
)
from practicerunner.commands.billing.references import INVOICE, LINE
from practicerunner.commands.references import APPOINTMENT, CASE, PERSON
from practicerunner.domain.billing.allocation import apply_credit, credit_invoice_line, track
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.lines import discount_line, free_line, wording_for
from practicerunner.domain.billing.numbering import InvoiceNumbering
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.errors import InvalidValue, RuleViolation


def numbered_invoice(
    ctx: CommandContext,
    *,
    billed_to_id: str,
    case: Case | None,
    invoice_id: uuid.UUID | None = None,
    provider_id: str | None = None,
    period: str | None = None,
) -> tuple[Invoice, InvoiceNumbering]:
    """A new draft with the practice's next number; save both together."""
    app = billing_store(ctx)
    practice_id = str(ctx.practice_id)
    numbering = find(app, InvoiceNumbering, InvoiceNumbering.id_for(practice_id))
    if numbering is None:
        numbering = InvoiceNumbering.start(practice_id, ctx.actor, ctx.now())
    invoice_id = invoice_id or uuid.uuid4()
    number = numbering.take(invoice_id, ctx.actor, ctx.now())
    invoice = Invoice.draft(
        id=invoice_id,
        practice_id=practice_id,
        number=number,
        billed_to_id=billed_to_id,
        case_id=str(case.id) if case else None,
        person_ids=case.active_participants() if case else [billed_to_id],
        wording=wording_for(case.kind) if case else "therapy",
        provider_id=provider_id,
        period=period,
        by=ctx.actor,
        at=ctx.now(),
    )
    return invoice, numbering


class FreeLine(Command):
    description: str = Field(min_length=1, max_length=200)
    units: StrictInt = Field(default=1, ge=1, le=1000)
    unit_fee_cents: Cents


class CreateInvoice(Command):
    case_id: uuid.UUID | None = None
    billed_to_id: uuid.UUID | None = Field(
        default=None, description="the payer; by default the case's billing contact"
    )
    lines: list[FreeLine] = Field(default_factory=list, max_length=100)
    appointment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)


@command(
    refs={"case_id": CASE, "billed_to_id": PERSON, "appointment_ids": APPOINTMENT},
    access=practice_wide,
)
def create_invoice(cmd: CreateInvoice, ctx: CommandContext) -> CommandResult:
    """A draft invoice, numbered, with free lines and appointments (each appointment at most
    once on any invoice)."""
    writable_practice(ctx)
    if cmd.case_id is None and cmd.billed_to_id is None:
        raise InvalidValue("An invoice is for a case or a payer.", field="case_id")
    if cmd.appointment_ids and cmd.case_id is None:
        raise InvalidValue("Appointments are billed on their case's invoice.", field="case_id")
    if len(set(cmd.appointment_ids)) != len(cmd.appointment_ids):
        raise InvalidValue("An appointment is listed twice.", field="appointment_ids")
    case = case_of(ctx, cmd.case_id) if cmd.case_id else None
    payer = str(cmd.billed_to_id) if cmd.billed_to_id else billed_contact(case)  # type: ignore[arg-type]
    payer_of_practice(ctx, payer)
    settings = settings_for(ctx, str(case.id) if case else None, payer)
    appointments = [appointment_of_practice(ctx, a) for a in cmd.appointment_ids]
    for appointment in appointments:
        if case is None or appointment.case_id != str(case.id):
            raise InvalidValue("That appointment is of another case.", field="appointment_ids")

    def attempt() -> CommandResult:
        invoice, numbering = numbered_invoice(ctx, billed_to_id=payer, case=case)
        records: list[AppointmentBilling] = []
        for appointment in appointments:
            assert case is not None
            lines = lines_for(ctx, appointment, case, payer, settings, ahead=True)
            if not lines:
                raise RuleViolation(
                    "That appointment is already invoiced or not billable.",
                    field="appointment_ids",
                )
            records += add_appointment_lines(ctx, invoice, lines, str(appointment.id))
        for n, line in enumerate(cmd.lines):
            invoice.add_line(
                free_line(f"free:{n + 1}", line.description, line.units, line.unit_fee_cents),
                ctx.actor,
                ctx.now(),
            )
        return save(
            billing_store(ctx), invoice, numbering, *records, result_of=invoice,
            number=invoice.number,
        )  # fmt: skip

    return retrying(attempt)


class InvoiceCommand(Command):
    invoice_id: uuid.UUID


class AddInvoiceLine(InvoiceCommand):
    description: str = Field(min_length=1, max_length=200)
    units: StrictInt = Field(default=1, ge=1, le=1000)
    unit_fee_cents: Cents


@command(refs={"invoice_id": INVOICE}, access=practice_wide)
def add_invoice_line(
    cmd: AddInvoiceLine, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    writable_practice(ctx)
    invoice = invoice_of_practice(ctx, cmd.invoice_id)
    expect_version(invoice, expected_version)
    line_id = f"free:{uuid.uuid4().hex[:12]}"
    invoice.add_line(
        free_line(line_id, cmd.description, cmd.units, cmd.unit_fee_cents), ctx.actor, ctx.now()
    )
    return save(billing_store(ctx), invoice, result_of=invoice, line_id=line_id)


class AddAppointmentToInvoice(InvoiceCommand):
    appointment_id: uuid.UUID


@command(refs={"invoice_id": INVOICE, "appointment_id": APPOINTMENT}, access=practice_wide)
def add_appointment_to_invoice(
    cmd: AddAppointmentToInvoice, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Bills an appointment of the invoice's case (an upcoming one too: billing ahead)."""
    writable_practice(ctx)
    invoice = invoice_of_practice(ctx, cmd.invoice_id)
    expect_version(invoice, expected_version)
    appointment = appointment_of_practice(ctx, cmd.appointment_id)
    if appointment.case_id != invoice.case_id:
        raise InvalidValue("That appointment is of another case.", field="appointment_id")
    case = case_of(ctx, appointment.case_id)
    settings = settings_for(ctx, invoice.case_id, invoice.billed_to_id)
    lines = lines_for(ctx, appointment, case, invoice.billed_to_id, settings, ahead=True)
    if not lines:
        raise RuleViolation(
            "That appointment is already invoiced or not billable.", field="appointment_id"
        )
    records = add_appointment_lines(ctx, invoice, lines, str(appointment.id))
    return save(billing_store(ctx), invoice, *records, result_of=invoice)


class RemoveInvoiceLine(InvoiceCommand):
    line_id: str = Field(min_length=1, max_length=120)


@command(refs={"invoice_id": INVOICE}, local=LINE, access=practice_wide)
def remove_invoice_line(
    cmd: RemoveInvoiceLine, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    writable_practice(ctx)
    invoice = invoice_of_practice(ctx, cmd.invoice_id)
    expect_version(invoice, expected_version)
    line = invoice.line(cmd.line_id)
    invoice.remove_line(cmd.line_id, ctx.actor, ctx.now())
    touched: list[Any] = [invoice]
    if line.get("appointment_id"):
        record = find(
            billing_store(ctx),
            AppointmentBilling,
            AppointmentBilling.id_for(line["appointment_id"], line.get("participant_id")),
        )
        if record is not None:
            record.credit("removed from a draft invoice", ctx.actor, ctx.now())
            touched.append(record)
    return save(billing_store(ctx), *touched, result_of=invoice)


def issued(ctx: CommandContext, invoice: Invoice) -> list[Any]:
    """Issues a loaded draft: the discount by policy, due by the payment terms; the payer's
    account credit then pays it (and any older invoice) at once. Returns what to save."""
    practice = writable_practice(ctx)
    settings = settings_for(ctx, invoice.case_id, invoice.billed_to_id)
    account = account_for(ctx, invoice.billed_to_id)
    pays_by = (
        "bank_transfer"
        if account.autopay and (account.saved_method or {}).get("kind") == "us_bank_account"
        else "manual"
        if settings["billing_mode"] in ("manual", "auto_invoice")
        else ""
    )
    discount = discount_line(settings, pays_by, invoice.lines_cents)
    if discount and invoice.issued_at is None and invoice.lines:
        invoice.add_line(discount, ctx.actor, ctx.now())
    today = local_today(practice, ctx.now())
    invoice.issue(today + timedelta(days=settings["payment_terms_days"]), ctx.actor, ctx.now())
    track(account, invoice, ctx.actor, ctx.now())
    paid = apply_credit(account, open_invoices(ctx, account, invoice), ctx.actor, ctx.now())
    return [invoice, account, *[i for i in paid if i is not invoice]]


@command(refs={"invoice_id": INVOICE}, access=practice_wide)
def issue_invoice(
    cmd: InvoiceCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    def attempt() -> CommandResult:
        invoice = invoice_of_practice(ctx, cmd.invoice_id)
        expect_version(invoice, expected_version)
        return save(billing_store(ctx), *issued(ctx, invoice), result_of=invoice)

    return retrying(attempt, expected_version)


@command(refs={"invoice_id": INVOICE}, access=practice_wide)
def mark_invoice_sent(
    cmd: InvoiceCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Sends an issued invoice to its payer (an email with the pay link follows)."""
    writable_practice(ctx)
    invoice = invoice_of_practice(ctx, cmd.invoice_id)
    expect_version(invoice, expected_version)
    invoice.mark_sent(ctx.actor, ctx.now())
    return save(billing_store(ctx), invoice, result_of=invoice)


class VoidInvoice(InvoiceCommand):
    reason: str = Field(min_length=1, max_length=500)


@command(refs={"invoice_id": INVOICE}, access=practice_wide)
def void_invoice(
    cmd: VoidInvoice, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Voids an invoice nothing is paid on; it keeps its number. Its appointments may be
    billed again."""
    writable_practice(ctx)

    def attempt() -> CommandResult:
        invoice = invoice_of_practice(ctx, cmd.invoice_id)
        expect_version(invoice, expected_version)
        account = account_for(ctx, invoice.billed_to_id)
        invoice.void_it(cmd.reason, ctx.actor, ctx.now())
        track(account, invoice, ctx.actor, ctx.now())
        app = billing_store(ctx)
        records = [
            r
            for line in invoice.lines
            if line.get("appointment_id")
            and (
                r := find(
                    app,
                    AppointmentBilling,
                    AppointmentBilling.id_for(line["appointment_id"], line.get("participant_id")),
                )
            )
        ]
        for record in records:
            record.credit("invoice voided", ctx.actor, ctx.now())
        return save(app, invoice, account, *records, result_of=invoice)

    return retrying(attempt, expected_version)


class CreditInvoiceLine(InvoiceCommand):
    line_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=500)


def credit_line(ctx: CommandContext, invoice: Invoice, line_id: str, reason: str) -> list[Any]:
    """Credits an issued line; returns every aggregate to save."""
    account = account_for(ctx, invoice.billed_to_id)
    others = open_invoices(ctx, account, invoice)
    credit_invoice_line(invoice, line_id, reason, account, others, ctx.actor, ctx.now())
    return [invoice, account, *[i for i in others.values() if i is not invoice]]


@command(refs={"invoice_id": INVOICE}, local=LINE, access=practice_wide)
def credit_invoice_line_command(
    cmd: CreditInvoiceLine, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Credits an issued line (a session that should not have been billed): the total drops,
    and money already paid beyond it becomes account credit."""
    writable_practice(ctx)

    def attempt() -> CommandResult:
        invoice = invoice_of_practice(ctx, cmd.invoice_id)
        expect_version(invoice, expected_version)
        return save(
            billing_store(ctx), *credit_line(ctx, invoice, cmd.line_id, cmd.reason),
            result_of=invoice,
        )  # fmt: skip

    return retrying(attempt, expected_version)
