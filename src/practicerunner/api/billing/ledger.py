"""The ledger: a payer's, case's or person's charges, payments, refunds, credits, balance and
aging; the practice's outstanding balances and revenue by provider and month."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from practicerunner.api.auth import Principal, require
from practicerunner.api.billing.invoices import billing_queries
from practicerunner.api.billing.schemas import LedgerView, OutstandingPage, RevenueRow
from practicerunner.api.deps import consistent_with, page_params
from practicerunner.api.errors import ApiProblem
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.commands.billing.common import find, local_today
from practicerunner.domain.billing.accounts import PayerAccount
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.identity.permissions import Permission
from practicerunner.domain.practice.practice import Practice
from practicerunner.projections.billing.queries import BillingQueries

router = APIRouter(tags=["billing"])
READ = Permission.BILLING_READ
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _today(rt: Runtime, principal: Principal) -> Any:
    practice = load(
        rt.stores.practice, Practice, str(principal.practice_id), principal.practice_id, copy=False
    )
    return local_today(practice, rt.clock.now())


def _ledger(
    request: Request, principal: Principal, queries: BillingQueries, scope: str, scope_id: UUID
) -> dict[str, Any]:
    rt: Runtime = request.app.state.runtime
    cls = Case if scope == "case" else Person
    load(rt.stores.scheduling, cls, scope_id, principal.practice_id, copy=False)  # 404 if foreign
    found = queries.ledger(str(principal.practice_id), scope, str(scope_id), _today(rt, principal))
    aging = found.pop("aging")
    if scope == "payer":
        found["autopay_consent"] = _consent(rt, principal, str(scope_id))
    return {
        **found, "scope": scope, "scope_id": str(scope_id),
        "aging": {"current": aging["current"], "days_31_60": aging["31_60"],
                  "days_61_90": aging["61_90"], "over_90": aging["over_90"]},
    }  # fmt: skip


def _consent(rt: Runtime, principal: Principal, payer_id: str) -> dict[str, str] | None:
    """The consent the payer's AutoPay is on by (given in the portal), read from their account:
    the ledger keeps only whether AutoPay is on."""
    account = find(
        rt.stores["billing"], PayerAccount,
        PayerAccount.id_for(str(principal.practice_id), payer_id), copy=False,
    )  # fmt: skip
    consent = account.autopay_consent if account is not None and account.autopay else None
    return {**consent, "given_in": "portal"} if consent else None


AGING_DOC = (
    "Aging counts days since issue in the practice's timezone: current (0-30), 31-60, 61-90, "
    "over 90."
)


@router.get("/ledger/payers/{payer_id}", response_model=LedgerView, description=AGING_DOC)
def get_payer_ledger(
    payer_id: UUID,
    request: Request,
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """A billing contact's charges, payments, refunds, credits, balance, credit and aging."""
    return _ledger(request, principal, queries, "payer", payer_id)


@router.get("/ledger/cases/{case_id}", response_model=LedgerView, description=AGING_DOC)
def get_case_ledger(
    case_id: UUID,
    request: Request,
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """A case's charges and what was applied to them."""
    return _ledger(request, principal, queries, "case", case_id)


@router.get("/ledger/people/{person_id}", response_model=LedgerView, description=AGING_DOC)
def get_person_ledger(
    person_id: UUID,
    request: Request,
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """The charges of every case a person takes part in, and what was applied to them."""
    return _ledger(request, principal, queries, "person", person_id)


@router.get("/billing/outstanding", response_model=OutstandingPage)
def outstanding_balances(
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """Payers who owe the practice, largest balance first."""
    found = queries.outstanding(str(principal.practice_id), **page)
    items = [{**r, "payer_id": r["scope_id"]} for r in found.items]
    return {"items": items, "next_cursor": found.next_cursor}


@router.get("/billing/revenue", response_model=list[RevenueRow])
def revenue(
    from_month: str = Query(alias="from", description="YYYY-MM"),
    to_month: str = Query(alias="to", description="YYYY-MM"),
    principal: Principal = Depends(require(READ)),
    queries: BillingQueries = Depends(billing_queries),
    _: None = Depends(consistent_with("billing_ledger")),
) -> Any:
    """Billed and credited by rendering provider and month of service."""
    if not (MONTH.match(from_month) and MONTH.match(to_month)) or from_month > to_month:
        raise ApiProblem(
            422, "validation-error", "The request is not valid",
            "from and to are months (YYYY-MM), from not after to.",
        )  # fmt: skip
    rows = queries.revenue(str(principal.practice_id), from_month, to_month)
    return [{**r, "net_cents": r["billed_cents"] - r["credited_cents"]} for r in rows]
