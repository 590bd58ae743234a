"""Invoice lines from appointments, by policy: a completed session is billed its service's
fee; a no-show or a late cancellation is billed the practice's fee for it only when the
practice (or the case) sets one; a planned absence, and any other cancellation, never.
Consultation and workshop cases get consultation wording, never therapy wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from practicerunner.domain.billing.invoices import LineKind
from practicerunner.domain.billing.money import percent_of
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.scheduling.appointments import AppointmentStatus

PLACE_OF_SERVICE = {"in_person": "11", "video": "10", "phone": "10"}


@dataclass(frozen=True)
class SessionFacts:
    appointment_id: str
    participant_id: str | None
    status: AppointmentStatus
    case_kind: str
    service_name: str
    cpt_code: str | None
    fee_cents: int
    service_date: date
    provider_id: str
    supervisor_id: str | None
    session_format: str


def wording_for(case_kind: str) -> str:
    return "therapy" if CaseKind(case_kind).is_psychotherapy else "consultation"


def billable_kind(
    status: AppointmentStatus, settings: dict[str, Any], ahead: bool = False
) -> tuple[LineKind, str] | None:
    """(line kind, settings key of its fee or "") for a billable status, else None.
    ``ahead``: staff billing an upcoming session in advance (pre-billing)."""
    if status == AppointmentStatus.COMPLETED or (ahead and status.is_upcoming):
        return LineKind.SESSION, ""
    # A fee of None or 0 is not invoiced: 0 is how a case or billing contact says so over a
    # practice's fee (None in an override means "as the practice").
    if status == AppointmentStatus.NO_SHOW and settings.get("no_show_fee_cents"):
        return LineKind.NO_SHOW, "no_show_fee_cents"
    if status == AppointmentStatus.LATE_CANCELLED and settings.get("late_cancel_fee_cents"):
        return LineKind.LATE_CANCEL, "late_cancel_fee_cents"
    return None  # planned absences and other cancellations are never invoiced


def appointment_line(
    facts: SessionFacts, settings: dict[str, Any], ahead: bool = False
) -> dict[str, Any] | None:
    found = billable_kind(facts.status, settings, ahead)
    if found is None:
        return None
    kind, fee_key = found
    fee = int(settings[fee_key]) if fee_key else facts.fee_cents
    consultation = wording_for(facts.case_kind) == "consultation"
    if kind == LineKind.SESSION:
        description = "Consultation session" if consultation else facts.service_name
    elif kind == LineKind.NO_SHOW:
        description = "Missed appointment (no-show)"
    else:
        description = "Late cancellation"
    line_id = facts.appointment_id + (f":{facts.participant_id}" if facts.participant_id else "")
    return {
        "line_id": line_id,
        "kind": kind.value,
        "appointment_id": facts.appointment_id,
        "participant_id": facts.participant_id,
        "service_date": facts.service_date.isoformat(),
        "description": description,
        # Late cancellations and no-shows are not services: no CPT code (never on a superbill).
        "cpt_code": facts.cpt_code if kind == LineKind.SESSION and not consultation else None,
        "units": 1,
        "unit_fee_cents": fee,
        "amount_cents": fee,
        "rendering_provider_id": facts.provider_id,
        "supervising_provider_id": facts.supervisor_id,
        "place_of_service": PLACE_OF_SERVICE.get(facts.session_format, "11"),
    }


def free_line(line_id: str, description: str, units: int, unit_fee_cents: int) -> dict[str, Any]:
    return {
        "line_id": line_id,
        "kind": LineKind.FREE.value,
        "appointment_id": None,
        "participant_id": None,
        "service_date": None,
        "description": description,
        "cpt_code": None,
        "units": units,
        "unit_fee_cents": unit_fee_cents,
        "amount_cents": units * unit_fee_cents,
        "rendering_provider_id": None,
        "supervising_provider_id": None,
        "place_of_service": None,
    }


def discount_line(
    settings: dict[str, Any], pays_by: str, subtotal_cents: int
) -> dict[str, Any] | None:
    """The practice's discount for bank-transfer or manual payers, as a negative line."""
    discount = settings.get("discount") or {}
    if pays_by not in discount.get("applies_to", []) or not discount.get("value"):
        return None
    if discount["kind"] == "percent":
        cents = percent_of(subtotal_cents, int(discount["value"]))
    else:
        cents = min(int(discount["value"]), subtotal_cents)
    if cents <= 0:
        return None
    label = "bank transfer" if pays_by == "bank_transfer" else "direct payment"
    return {
        **free_line("discount", f"Discount for {label}", 1, -cents),
        "kind": LineKind.DISCOUNT.value,
    }
