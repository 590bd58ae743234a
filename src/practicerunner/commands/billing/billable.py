"""What a draft invoice could still bill: its case's past sessions that no invoice bills now
(completed ones, and late cancellations and no-shows where a fee for them is set), each with
the lines adding it would make. The lines come from the same rules the add command follows,
so the list never offers a session the service would refuse. A read that asks the command
layer's rules (hence here, not in the API): nothing is written."""

from __future__ import annotations

from typing import Any

from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.billing.appointment_lines import (
    appointment_of_practice,
    case_of,
    lines_for,
)
from practicerunner.commands.billing.common import invoice_of_practice, settings_for
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.scheduling.appointments import AppointmentStatus
from practicerunner.projections.billing.queries import BillingQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

# Every other status is never invoiced (planned absences, other cancellations), or not yet
# held (billing ahead is for an upcoming session, which this list does not offer).
MAY_BE_BILLED = {
    AppointmentStatus.COMPLETED.value,
    AppointmentStatus.NO_SHOW.value,
    AppointmentStatus.LATE_CANCELLED.value,
}
MOST = 100  # the latest ones; an older session is still added by its id
PAGE = 200


def billable_appointments(
    ctx: CommandContext,
    rm: SchedulingReadModels,
    ledger: BillingQueries,
    invoice_id: str,
    timezone: str,
) -> list[dict[str, Any]]:
    """Latest first. Empty for an invoice that is issued, void or of no case."""
    invoice = invoice_of_practice(ctx, invoice_id)
    if invoice.issued_at is not None or invoice.void or invoice.case_id is None:
        return []
    practice_id = str(ctx.practice_id)
    case = case_of(ctx, invoice.case_id)
    practice = load(ctx.stores.practice, Practice, practice_id, ctx.practice_id, copy=False)
    settings = settings_for(ctx, invoice.case_id, invoice.billed_to_id)
    # A cheap first cut from the ledger; the billing record of each session left decides.
    billed = ledger.billed_appointment_ids(practice_id, invoice.case_id)
    found: list[dict[str, Any]] = []
    cursor = None
    while len(found) < MOST:
        page = rm.case_appointments(
            practice_id, invoice.case_id, timezone, "past", ctx.now(), limit=PAGE, cursor=cursor
        )
        for row in page.items:
            if row["status"] not in MAY_BE_BILLED or row["appointment_id"] in billed:
                continue
            appointment = appointment_of_practice(ctx, row["appointment_id"])
            lines = lines_for(
                ctx, appointment, case, invoice.billed_to_id, settings, practice=practice
            )
            if lines:
                found.append(shown(row, [line for _, line, _ in lines]))
        cursor = page.next_cursor
        if cursor is None:
            break
    return found[:MOST]


def shown(row: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "appointment_id": row["appointment_id"],
        "starts_at": row["starts_at"],
        "starts_local": row["starts_local"],
        "ends_local": row["ends_local"],
        "status": row["status"],
        "service_name": row.get("service_name"),
        "provider_name": row.get("provider_name"),
        "lines": [
            {
                "participant_id": line["participant_id"],
                "kind": line["kind"],
                "description": line["description"],
                "amount_cents": line["amount_cents"],
            }
            for line in lines
        ],
        "amount_cents": sum(line["amount_cents"] for line in lines),
    }
