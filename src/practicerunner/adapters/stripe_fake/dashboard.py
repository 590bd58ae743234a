"""The fake's own page for demos, ``GET /_fake/``: its ledger of charges, with buttons that
play the bank (settle a pending debit as succeeded or failed, return a succeeded one)."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from practicerunner.adapters.stripe_fake import payments
from practicerunner.adapters.stripe_fake.pages import money, page
from practicerunner.adapters.stripe_fake.state import ApiError, FakeStripe


def _button(intent: str, action: str, label: str) -> str:
    return (
        f'<form method="post" action="/_fake/bank/{escape(intent)}/{action}" '
        f'style="display:inline"><button type="submit">{label}</button></form>'
    )


def dashboard_routes(fake: FakeStripe) -> list[Route]:
    async def show(request: Request) -> HTMLResponse:
        rows = []
        for entry in reversed(payments.ledger(fake)):
            actions = ""
            if entry.status == "pending":
                actions = _button(entry.payment_intent_id, "succeeded", "Settle") + _button(
                    entry.payment_intent_id, "failed", "Fail"
                )
            elif entry.status == "succeeded" and entry.method_kind != "card":
                actions = _button(entry.payment_intent_id, "returned", "Return")
            status = "returned" if entry.returned else entry.status
            rows.append(
                f"<tr><td>{escape(entry.charge_id)}</td><td>{escape(entry.method_kind)}</td>"
                f"<td>{money(entry.amount_cents, entry.currency)}</td><td>{status}</td>"
                f"<td>{money(entry.amount_refunded_cents, entry.currency)}</td>"
                f"<td>{actions}</td></tr>"
            )
        table = (
            "<table><thead><tr><th>Charge</th><th>Method</th><th>Amount</th><th>Status</th>"
            "<th>Refunded</th><th>Bank</th></tr></thead><tbody>"
            + ("".join(rows) or '<tr><td colspan="6">No charges yet.</td></tr>')
            + "</tbody></table>"
        )
        return page("Fake Stripe ledger", f"<h1>Fake Stripe: charges</h1>{table}")

    async def bank(request: Request) -> Response:
        intent, action = request.path_params["id"], request.path_params["action"]
        try:
            if action == "returned":
                payments.return_payment(fake, intent)
            elif action in ("succeeded", "failed"):
                payments.settle(fake, intent, action)
            else:
                return page("Fake Stripe", "<h1>Unknown action.</h1>", 404)
        except ApiError as e:
            return page("Fake Stripe", f"<h1>{escape(e.body['error']['message'])}</h1>", 400)
        return RedirectResponse("/_fake/", status_code=303)

    return [
        Route("/_fake/", show, methods=["GET"]),
        Route("/_fake/bank/{id}/{action}", bank, methods=["POST"]),
    ]
