"""The portal's billing, for the signed-in person as a payer: their balance, their issued
invoices (another payer's invoice and a draft answer 404 exactly like an unknown id), paying
one through its secure pay link on Stripe's hosted page, saving or refreshing their card or
bank account, AutoPay by their own consent (the wording kept word for word, with the time),
and the AutoPay charges coming up on their open invoices."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from practicerunner.api.auth import PortalPrincipal, record_access, require_portal
from practicerunner.api.deps import CommandAnswer, consistent_with, page_params, runtime
from practicerunner.api.errors import ApiProblem
from practicerunner.api.openapi import problem_responses
from practicerunner.api.scheduling.portal import portal_answer
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.billing import autopay
from practicerunner.commands.billing import portal as cmd
from practicerunner.commands.billing.common import account_for, local_today
from practicerunner.domain.billing.invoices import Invoice, display_number
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import PortalPermission
from practicerunner.domain.practice.practice import Practice
from practicerunner.projections.billing.portal_queries import PortalBillingQueries
from practicerunner.projections.billing.queries import LEDGER

router = APIRouter(tags=["portal"])
READ, PAY = PortalPermission.BILLING_READ, PortalPermission.BILLING_PAY
NEEDS_STRIPE = problem_responses(503)


class PortalInvoiceLine(BaseModel):
    service_date: str | None
    description: str
    units: int
    amount_cents: int
    credited: bool


class PortalInvoice(BaseModel):
    """An invoice as its payer sees it: no provider ids, codes or other payers."""

    invoice_id: str
    display_number: str
    wording: str
    status: str
    issued_at: str | None
    due_on: str | None
    lines: list[PortalInvoiceLine]
    total_cents: int
    paid_cents: int
    balance_cents: int
    payable: bool


class PortalInvoicePage(BaseModel):
    items: list[PortalInvoice]
    next_cursor: str | None


class SavedMethod(BaseModel):
    kind: str
    label: str


class AutoPayConsent(BaseModel):
    text: str
    at: str


class UpcomingCharge(BaseModel):
    invoice_id: str
    display_number: str
    due_at: str
    amount_cents: int
    started: bool


class PortalBilling(BaseModel):
    balance_cents: int
    credit_available_cents: int
    open_invoices: int
    payments_available: bool
    saved_method: SavedMethod | None
    autopay: bool
    autopay_consent: AutoPayConsent | None
    autopay_wording: str
    upcoming_charges: list[UpcomingCharge]


class PortalPayLink(BaseModel):
    path: str
    expires_at: str


def portal_billing_queries(request: Request) -> PortalBillingQueries:
    return PortalBillingQueries(request.app.state.runtime.engine)


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    lines = [{k: line[k] for k in PortalInvoiceLine.model_fields} for line in row["lines"]]
    payable = row["status"] not in ("void", "paid", "draft") and row["balance_cents"] > 0
    return {
        **{k: row[k] for k in PortalInvoice.model_fields if k in row},
        "display_number": display_number(row["number"]),
        "lines": lines,
        "payable": payable,
    }


def _upcoming(ctx: CommandContext, payer_id: str) -> list[dict[str, Any]]:
    """Each AutoPay charge decided on an open invoice that has no outcome yet, soonest first:
    the amount fixed when it started, or what is owed now."""
    account = account_for(ctx, payer_id)
    if not account.autopay:
        return []
    found = []
    for invoice_id in account.oldest_first:
        invoice = load(ctx.stores["billing"], Invoice, invoice_id, ctx.practice_id, copy=False)
        if not invoice.is_open:
            continue
        for charge in invoice.charges.values():
            if charge.get("outcome") is not None:
                continue
            fixed = charge.get("amount_cents")
            found.append({
                "invoice_id": invoice_id, "display_number": display_number(invoice.number),
                "due_at": charge["due_at"], "started": fixed is not None,
                "amount_cents": int(fixed if fixed is not None else invoice.balance_cents),
            })  # fmt: skip
    return sorted(found, key=lambda c: (datetime.fromisoformat(c["due_at"]), c["invoice_id"]))


@router.get("/portal/billing", response_model=PortalBilling)
def portal_billing(
    request: Request,
    principal: PortalPrincipal = Depends(require_portal(READ)),
    queries: PortalBillingQueries = Depends(portal_billing_queries),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with(LEDGER)),
) -> dict[str, Any]:
    """The signed-in person's balance as a payer, their saved method (its label only),
    AutoPay with the consent they gave, the wording they would agree to now, and the AutoPay
    charges coming up."""
    ctx = rt.context(principal.actor, principal.practice_id)
    payer_id = principal.person_id
    practice = load(rt.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id, copy=False)
    today = local_today(practice, ctx.now())
    ledger = queries.ledger(str(ctx.practice_id), "payer", payer_id, today)
    account = account_for(ctx, payer_id)
    method = account.saved_method
    record_access(request, principal, category="billing", resource_type="payer",
                  resource_id=payer_id)  # fmt: skip
    return {
        "balance_cents": ledger["balance_cents"],
        "credit_available_cents": ledger["credit_available_cents"],
        "open_invoices": ledger["open_invoices"],
        "payments_available": rt.stripe is not None,
        "saved_method": {"kind": method["kind"], "label": method["label"]} if method else None,
        "autopay": account.autopay,
        "autopay_consent": account.autopay_consent if account.autopay else None,
        "autopay_wording": cmd.current_wording(ctx, payer_id),
        "upcoming_charges": _upcoming(ctx, payer_id),
    }


@router.get("/portal/invoices", response_model=PortalInvoicePage)
def portal_invoices(
    request: Request,
    page: dict = Depends(page_params),
    principal: PortalPrincipal = Depends(require_portal(READ)),
    queries: PortalBillingQueries = Depends(portal_billing_queries),
    _: None = Depends(consistent_with(LEDGER)),
) -> dict[str, Any]:
    """The invoices billed to the signed-in person, newest first (drafts are not shown)."""
    found = queries.payer_invoices(str(principal.practice_id), principal.person_id, **page)
    record_access(
        request, principal, category="billing", resource_type="invoice",
        resource_ids=[r["invoice_id"] for r in found.items],
    )  # fmt: skip
    return {"items": [_shown(r) for r in found.items], "next_cursor": found.next_cursor}


@router.get("/portal/invoices/{invoice_id}", response_model=PortalInvoice)
def portal_invoice(
    invoice_id: UUID,
    request: Request,
    principal: PortalPrincipal = Depends(require_portal(READ)),
    queries: PortalBillingQueries = Depends(portal_billing_queries),
    _: None = Depends(consistent_with(LEDGER)),
) -> dict[str, Any]:
    row = queries.payer_invoice(str(principal.practice_id), principal.person_id, str(invoice_id))
    if row is None:
        raise NotFound("No invoice with that id.")
    record_access(request, principal, category="billing", resource_type="invoice",
                  resource_id=str(invoice_id))  # fmt: skip
    return _shown(row)


@router.post(
    "/portal/invoices/{invoice_id}/pay-link",
    response_model=PortalPayLink,
    responses={**problem_responses(404, 409), **NEEDS_STRIPE},
)
def portal_pay_link(
    invoice_id: UUID,
    principal: PortalPrincipal = Depends(require_portal(PAY)),
    rt: Runtime = Depends(runtime),
) -> dict[str, Any]:
    """The secure pay link of one of the person's open invoices: opening ``path`` goes to
    Stripe's hosted payment page for what is owed now, and back to the portal afterwards."""
    if rt.stripe is None:
        raise ApiProblem(503, "payments-unavailable", "Card and bank payments are not set up")
    ctx = rt.context(principal.actor, principal.practice_id)
    key = rt.settings.resolved_secret_key()
    path, expires = cmd.pay_link_for(ctx, key, principal.person_id, str(invoice_id))
    return {"path": path, "expires_at": expires.isoformat()}


def _portal_billing_page(rt: Runtime, ctx: CommandContext, outcome: str) -> str:
    practice = load(rt.stores.practice, Practice, str(ctx.practice_id), ctx.practice_id, copy=False)
    return f"{rt.settings.public_base_url.rstrip('/')}/o/{practice.slug}/billing?method={outcome}"


@router.post(
    "/portal/payment-method/setup",
    response_model=CommandAnswer,
    responses={**problem_responses(403), **NEEDS_STRIPE},
)
def portal_start_method_setup(
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(PAY)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """A Stripe-hosted page (``extra.url``) where the person saves a card or US bank account
    for their invoices; its number never reaches the practice. Back to the portal's billing
    afterwards: ``?method=saved``, or ``?method=cancelled`` when they cancel there (nothing
    to refresh then)."""
    ctx = rt.context(principal.actor, principal.practice_id)
    back = _portal_billing_page(rt, ctx, "saved")
    cancel = _portal_billing_page(rt, ctx, "cancelled")
    result, url = autopay.start_method_setup(ctx, rt.stripe, principal.person_id, back, cancel)
    shaped = portal_answer(result, response, request)
    return shaped.model_copy(update={"extra": {"url": url}})


@router.post(
    "/portal/payment-method/refresh",
    response_model=CommandAnswer,
    responses={**problem_responses(403, 422), **NEEDS_STRIPE},
)
def portal_refresh_saved_method(
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(PAY)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """Keeps the method the person just saved at Stripe as theirs (its label only)."""
    ctx = rt.context(principal.actor, principal.practice_id)
    result = autopay.refresh_saved_method(ctx, rt.stripe, principal.person_id)
    return portal_answer(result, response, request)


@router.post(
    "/portal/autopay/consent",
    response_model=CommandAnswer,
    responses=problem_responses(403, 409, 422),
)
def portal_consent_to_autopay(
    body: cmd.ConsentToAutoPay,
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(PAY)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """AutoPay on: ``consent_text`` is the ``autopay_wording`` the person was shown and
    agreed to, kept word for word with the time. Other words are refused (409
    ``autopay-wording-changed``); without a saved method, 422 ``no-saved-method``."""
    ctx = rt.context(principal.actor, principal.practice_id)
    return portal_answer(cmd.consent_to_autopay(body, ctx), response, request)


@router.post(
    "/portal/autopay/turn-off", response_model=CommandAnswer, responses=problem_responses(403)
)
def portal_turn_autopay_off(
    request: Request,
    response: Response,
    principal: PortalPrincipal = Depends(require_portal(PAY)),
    rt: Runtime = Depends(runtime),
) -> CommandAnswer:
    """AutoPay off: no charge starts after this; invoices are then paid by link."""
    ctx = rt.context(principal.actor, principal.practice_id)
    return portal_answer(cmd.withdraw_autopay(cmd.OwnAutoPay(), ctx), response, request)
