"""Stripe at the edge: the webhook (verified by signature on the raw body, de-duplicated by
event id, correct in any order), the public pay link, and staff's saved-method and AutoPay
routes for a payer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse

from practicerunner.api.auth import Principal, public, require
from practicerunner.api.deps import CommandAnswer, answer
from practicerunner.api.errors import ApiProblem
from practicerunner.api.openapi import problem_responses
from practicerunner.api.routing import command_route
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.billing import autopay as cmd
from practicerunner.commands.billing.common import STORE
from practicerunner.commands.billing.pay_links import invoice_of_token
from practicerunner.commands.billing.stripe_events import NOT_YET, handle_stripe_event
from practicerunner.domain.billing.errors import InvoicePaid, PayLinkInvalid, PaymentPending
from practicerunner.domain.billing.invoices import Invoice, display_number
from practicerunner.domain.identity.permissions import Permission

router = APIRouter(tags=["billing"])
MANAGE = Permission.BILLING_MANAGE


def _gateway(rt: Runtime) -> Any:
    if rt.stripe is None:
        raise ApiProblem(503, "payments-unavailable", "Card and bank payments are not set up")
    return rt.stripe


NOT_SET_UP = {
    **problem_responses(404)[404],
    "description": "Card and bank payments are not set up here: no webhooks are taken.",
}


@router.post(
    "/billing/stripe/webhook",
    responses={
        400: {"description": "bad signature"},
        404: NOT_SET_UP,
        503: {
            **problem_responses(503)[503],
            "description": "An event that came before the one it follows: Stripe sends it again.",
        },
    },
)
async def stripe_webhook(request: Request, _: None = Depends(public)) -> Any:
    """Stripe's events. A body whose signature does not verify is refused with 400 and
    changes nothing; an event seen before is answered 200 and ignored; a bank debit's return
    that comes before its success is answered 503, so Stripe delivers it again."""
    rt: Runtime = request.app.state.runtime
    if rt.stripe is None:
        raise ApiProblem(404, "payments-unavailable", "Card and bank payments are not set up")
    gateway = rt.stripe
    raw = await request.body()
    from practicerunner.adapters.stripe_gateway import WebhookRejected

    try:
        event = gateway.verify_webhook(raw, request.headers.get("stripe-signature"))
    except WebhookRejected:
        raise ApiProblem(
            400, "webhook-signature-invalid", "The webhook's signature does not verify"
        ) from None
    outcome = handle_stripe_event(rt, event)
    rt.engine.wake()
    if outcome == NOT_YET:
        raise ApiProblem(503, "webhook-not-yet", "This event is early: deliver it again later")
    return JSONResponse({"received": True, "outcome": outcome})


@router.get(
    "/pay/{token}",
    status_code=303,
    responses={303: {"description": "to Stripe"}, **problem_responses(409)},
)
def pay_by_link(token: str, request: Request, _: None = Depends(public)) -> Any:
    """A payer's secure pay link: sends the browser to a Stripe-hosted payment page for what
    is owed now. The link names only the invoice, is signed, and expires."""
    rt: Runtime = request.app.state.runtime
    invoice_id = invoice_of_token(rt.settings.resolved_secret_key(), token, rt.clock.now())
    found = rt.stores[STORE].repository.get(invoice_id) if invoice_id else None
    if not isinstance(found, Invoice) or found.void:
        raise PayLinkInvalid("This pay link is not valid or has expired.")
    if not found.is_open:
        raise InvoicePaid("This invoice is already paid.")
    if found.payable_cents <= 0:
        raise PaymentPending("A bank payment for this invoice is on its way.")
    practice = rt.stores.practice.repository.get(UUID(found.practice_id))
    # Back to the portal's billing afterwards (the URL names the practice, never the payer).
    back = f"{rt.settings.public_base_url.rstrip('/')}/o/{practice.slug}/billing"
    page = _gateway(rt).start_payment_page(
        amount_cents=found.payable_cents,
        description=f"Invoice {display_number(found.number)}",
        success_url=f"{back}?payment=done",
        cancel_url=back,
        idempotency_key=f"pay:{found.id}:{found.version}",
        metadata={"invoice_id": str(found.id), "practice_id": found.practice_id},
    )
    return RedirectResponse(page.url, status_code=303)


@router.post("/payers/{payer_id}/payment-methods/setup", response_model=CommandAnswer)
def start_method_setup(
    payer_id: UUID,
    request: Request,
    principal: Principal = Depends(require(MANAGE)),
) -> Any:
    """A Stripe-hosted page to save the payer's card or US bank account (``extra.url``)."""
    rt: Runtime = request.app.state.runtime
    ctx = rt.context(principal.actor, principal.practice_id)
    back = f"{rt.settings.public_base_url.rstrip('/')}/"
    result, url = cmd.start_method_setup(ctx, rt.stripe, str(payer_id), back)
    shaped = answer(result, principal, JSONResponse({}), request)
    return {**shaped.model_dump(), "extra": {"url": url}}


@router.post("/payers/{payer_id}/payment-methods/refresh", response_model=CommandAnswer)
def refresh_saved_method(
    payer_id: UUID,
    request: Request,
    principal: Principal = Depends(require(MANAGE)),
) -> Any:
    """Keeps the method the payer saved at Stripe (its label only, never its number)."""
    rt: Runtime = request.app.state.runtime
    ctx = rt.context(principal.actor, principal.practice_id)
    result = cmd.refresh_saved_method(ctx, rt.stripe, str(payer_id))
    return answer(result, principal, JSONResponse({}), request)


command_route(
    router, "/payers/{payer_id}/autopay", cmd.switch_autopay, cmd.SwitchAutoPay, MANAGE,
    path_param="payer_id", versioned=False,
)  # fmt: skip
