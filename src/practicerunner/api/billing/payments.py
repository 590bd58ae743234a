"""Payments and credit by staff: record an outside payment, refund one, add account credit,
list a payer's payments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from practicerunner.api.auth import Principal, require
from practicerunner.api.billing.invoices import billing_queries
from practicerunner.api.billing.schemas import PaymentPage, PaymentView
from practicerunner.api.deps import consistent_with, page_params
from practicerunner.api.routing import command_route
from practicerunner.commands.billing import payments as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.billing.queries import BillingQueries

router = APIRouter(tags=["billing"])
READ, MANAGE = Permission.BILLING_READ, Permission.BILLING_MANAGE


@router.get("/payments", response_model=PaymentPage)
def list_payments(
    payer_id: UUID = Query(),
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    found = queries.payments(str(principal.practice_id), str(payer_id), **page)
    return {"items": found.items, "next_cursor": found.next_cursor}


@router.get("/payments/{payment_id}", response_model=PaymentView)
def get_payment(
    payment_id: UUID,
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    row = queries.payment(str(principal.practice_id), str(payment_id))
    if row is None:
        raise NotFound("No payment with that id.")
    return row


command_route(
    router, "/payments", cmd.record_outside_payment, cmd.RecordOutsidePayment, MANAGE,
    status_code=201, versioned=False,
)  # fmt: skip
command_route(
    router, "/payments/{payment_id}/refund", cmd.refund_payment, cmd.RefundPayment,
    MANAGE, path_param="payment_id", versioned=False,
)  # fmt: skip
command_route(
    router, "/payers/{payer_id}/credit", cmd.add_account_credit, cmd.AddAccountCredit, MANAGE,
    path_param="payer_id", versioned=False,
)  # fmt: skip
