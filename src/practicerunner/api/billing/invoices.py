"""Invoices: list and read them; create, change a draft's lines, issue, send, void and credit
a line. Another practice's invoice answers 404 exactly like an unknown id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.billing.schemas import BillableAppointmentList, InvoicePage, InvoiceView
from practicerunner.api.deps import consistent_with, page_params, runtime
from practicerunner.api.routing import command_route
from practicerunner.api.scheduling.schemas import practice_timezone, scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import Command, CommandResult
from practicerunner.commands.billing import invoices as cmd
from practicerunner.commands.billing.billable import billable_appointments
from practicerunner.domain.billing.invoices import display_number
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.billing.queries import BillingQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["billing"])
READ, MANAGE = Permission.BILLING_READ, Permission.BILLING_MANAGE
Status = Literal["draft", "issued", "sent", "partially_paid", "paid", "void"]


def billing_queries(request: Request) -> BillingQueries:
    return BillingQueries(request.app.state.runtime.engine)


def invoice_view(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "display_number": display_number(row["number"])}


@router.get("/invoices", response_model=InvoicePage)
def list_invoices(
    payer_id: UUID | None = Query(default=None),
    case_id: UUID | None = Query(default=None),
    person_id: UUID | None = Query(default=None),
    status: Status | None = Query(default=None),
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """Newest first; filter by payer, case, person (a participant of the case) or status."""
    found = queries.invoices(
        str(principal.practice_id),
        payer_id=str(payer_id) if payer_id else None,
        case_id=str(case_id) if case_id else None,
        person_id=str(person_id) if person_id else None,
        status=status,
        **page,
    )
    return {"items": [invoice_view(r) for r in found.items], "next_cursor": found.next_cursor}


@router.get("/invoices/{invoice_id}", response_model=InvoiceView)
def get_invoice(
    invoice_id: UUID,
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    row = queries.invoice(str(principal.practice_id), str(invoice_id))
    if row is None:
        raise NotFound("No invoice with that id.")
    return invoice_view(row)


@router.get("/invoices/{invoice_id}/billable-appointments", response_model=BillableAppointmentList)
def get_billable_appointments(
    invoice_id: UUID,
    request: Request,
    principal: Principal = Depends(require(MANAGE)),
    queries: BillingQueries = Depends(billing_queries),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("billing_ledger", "schedule")),
) -> Any:
    """The sessions of a draft's case it could still bill (latest first, at most 100): past
    ones that are completed, or late cancelled or no-shows where a fee for them is set, and
    that no invoice bills now, each with the lines adding it would make. Empty once the
    invoice is issued or void. Writes nothing."""
    practice_id = str(principal.practice_id)
    ctx = rt.context(principal.actor, principal.practice_id)
    tz = practice_timezone(request, practice_id)
    items = billable_appointments(ctx, rm, queries, str(invoice_id), tz)
    record_access(
        request, principal, category="billing", resource_type="appointment",
        resource_ids=[i["appointment_id"] for i in items],
    )  # fmt: skip
    return {"items": items}


command_route(
    router, "/invoices", cmd.create_invoice, cmd.CreateInvoice, MANAGE, status_code=201,
    versioned=False,
)  # fmt: skip
ROUTES: list[tuple[str, Callable[..., CommandResult], type[Command]]] = [
    ("lines", cmd.add_invoice_line, cmd.AddInvoiceLine),
    ("appointments", cmd.add_appointment_to_invoice, cmd.AddAppointmentToInvoice),
    ("remove-line", cmd.remove_invoice_line, cmd.RemoveInvoiceLine),
    ("issue", cmd.issue_invoice, cmd.InvoiceCommand),
    ("send", cmd.mark_invoice_sent, cmd.InvoiceCommand),
    ("void", cmd.void_invoice, cmd.VoidInvoice),
    ("credit-line", cmd.credit_invoice_line_command, cmd.CreditInvoiceLine),
]
for path, handler, model in ROUTES:
    command_route(
        router, f"/invoices/{{invoice_id}}/{path}", handler, model, MANAGE,
        path_param="invoice_id",
    )  # fmt: skip
