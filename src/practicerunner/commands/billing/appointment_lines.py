"""Turning an appointment into invoice lines: the facts billing needs (service, fee, CPT,
rendering and supervising clinician, place of service, the day in the practice's timezone),
and the one ``AppointmentBilling`` record per billed appointment (and group participant) that
makes a second line for it impossible."""

from __future__ import annotations

from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.billing.common import billed_contact, billing_store, find
from practicerunner.commands.clinical.supervision import supervisor_of_session
from practicerunner.domain.billing.billed_appointments import AppointmentBilling
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.lines import SessionFacts, appointment_line
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.practice.catalog import Service
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import Appointment, Attendance

# (participant or None, the line, the credited record that billed it before, if any)
Billable = tuple[str | None, dict[str, Any], AppointmentBilling | None]


def billed_people(appointment: Appointment, case: Case) -> list[str | None]:
    """Whose line each is: one line for the case (None), or for a group one per participant
    who was not absent, each billed to their own contact."""
    if not CaseKind(case.kind).is_group:
        return [None]
    if appointment.attendance:
        return [p for p, a in appointment.attendance.items() if a != Attendance.ABSENT.value]
    return list(case.active_participants(appointment.start.date()))


def session_facts(
    ctx: CommandContext,
    appointment: Appointment,
    case: Case,
    participant_id: str | None,
    practice: Practice | None = None,
) -> SessionFacts:
    """What billing needs of a session; its supervising clinician by the supervision rule
    (appointment, case, the associate's default), so the invoice names both clinicians."""
    service = load(
        ctx.stores.practice, Service, appointment.service_id, ctx.practice_id, copy=False
    )
    practice = practice or load(
        ctx.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id, copy=False
    )
    local = appointment.start.astimezone(ZoneInfo(practice.timezone)).date()
    return SessionFacts(
        appointment_id=str(appointment.id),
        participant_id=participant_id,
        status=appointment.status,
        case_kind=appointment.case_kind,
        service_name=service.name,
        cpt_code=service.cpt_code,
        fee_cents=service.fee_cents,
        service_date=local,
        provider_id=appointment.provider_id,
        supervisor_id=supervisor_of_session(ctx, practice, appointment, case),
        session_format=appointment.session_format,
    )


def lines_for(
    ctx: CommandContext,
    appointment: Appointment,
    case: Case,
    payer_id: str,
    settings: dict[str, Any],
    ahead: bool = False,
    practice: Practice | None = None,
) -> list[Billable]:
    """(participant, line) for every billable line of ``appointment`` that ``payer_id`` pays
    and that no invoice bills now (a credited one may be billed again)."""
    app = billing_store(ctx)
    found = []
    for participant in billed_people(appointment, case):
        if billed_contact(case, participant) != payer_id:
            continue
        record = find(
            app, AppointmentBilling, AppointmentBilling.id_for(str(appointment.id), participant)
        )
        if record is not None and not record.credited:
            continue
        facts = session_facts(ctx, appointment, case, participant, practice)
        line = appointment_line(facts, settings, ahead)
        if line is not None:
            found.append((participant, line, record))
    return found


def add_appointment_lines(
    ctx: CommandContext,
    invoice: Invoice,
    lines: list[Billable],
    appointment_id: str,
) -> list[AppointmentBilling]:
    """Adds the lines and records (or re-records) which invoice bills each."""
    records = []
    for participant, line, existing in lines:
        invoice.add_line(line, ctx.actor, ctx.now())
        if existing is not None:
            existing.rebill(str(invoice.id), line["line_id"], ctx.actor, ctx.now())
            records.append(existing)
            continue
        records.append(
            AppointmentBilling.bill(
                practice_id=str(ctx.practice_id),
                appointment_id=appointment_id,
                participant_id=participant,
                invoice_id=str(invoice.id),
                line_id=line["line_id"],
                by=ctx.actor,
                at=ctx.now(),
            )
        )
    return records


def appointment_of_practice(ctx: CommandContext, appointment_id: UUID | str) -> Appointment:
    return load(ctx.stores.scheduling, Appointment, appointment_id, ctx.practice_id, copy=False)


def case_of(ctx: CommandContext, case_id: UUID | str) -> Case:
    return load(ctx.stores.scheduling, Case, case_id, ctx.practice_id, copy=False)
