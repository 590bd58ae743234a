"""The fake's hosted Checkout pages: ``GET /checkout/<session>`` shows a form to save a card or
bank account (setup mode) or to pay (payment mode); the form posts back, the fake does what
Stripe would (a SetupIntent and an attached method, or a PaymentIntent and its charge), raises
the events and sends the browser to the session's ``success_url``."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from practicerunner.adapters.stripe_fake import instruments, payments
from practicerunner.adapters.stripe_fake.forms import decode_form
from practicerunner.adapters.stripe_fake.state import ApiError, FakeStripe, Obj, public

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #1a1f36; }
h1 { font-size: 1.3rem; }
fieldset { border: 1px solid #d0d5dd; border-radius: 8px; margin: 1rem 0; }
table { border-collapse: collapse; }
td, th { padding: .3rem .6rem; text-align: left; white-space: nowrap; }
label { display: block; margin: .5rem 0; }
input { font: inherit; padding: .3rem; width: 100%; box-sizing: border-box; }
button { font: inherit; padding: .5rem 1rem; background: #635bff; color: white; border: 0;
 border-radius: 6px; cursor: pointer; } .error { color: #b42318; } .note { color: #667085; }
"""


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status)


def money(cents: int, currency: str) -> str:
    symbol = "$" if currency == "usd" else currency.upper() + " "
    return f"{symbol}{cents // 100:,}.{cents % 100:02d}"


def _forms(session: Obj, error: str | None) -> str:
    paying = session["mode"] == "payment"
    action = f"/checkout/{escape(session['id'])}"
    parts = []
    if paying:
        parts.append(
            f"<h1>Pay {money(session['amount_total'], session['currency'])}</h1>"
            f"<p>{escape(session['_line_item_name'] or '')}</p>"
        )
    else:
        parts.append("<h1>Save a payment method</h1>")
    parts.append(
        '<p class="note">Test mode: the fake Stripe server; no real money moves. Declined '
        "cards: 4000 0000 0000 0002, 4000 0000 0000 9995. Failing bank account: 000111111116."
        "</p>"
    )
    if error:
        parts.append(f'<p class="error" role="alert">{escape(error)}</p>')
    verb = "Pay" if paying else "Save"
    if "card" in session["payment_method_types"]:
        parts.append(
            f'<form method="post" action="{action}"><fieldset><legend>Card</legend>'
            '<input type="hidden" name="kind" value="card">'
            '<label>Card number <input name="number" value="4242 4242 4242 4242" '
            'autocomplete="off"></label>'
            '<label>Expiry (MM/YY) <input name="expiry" value="12/34"></label>'
            '<label>CVC <input name="cvc" value="123"></label>'
            f'<button type="submit">{verb} with card</button></fieldset></form>'
        )
    if "us_bank_account" in session["payment_method_types"]:
        parts.append(
            f'<form method="post" action="{action}"><fieldset><legend>US bank account</legend>'
            '<input type="hidden" name="kind" value="us_bank_account">'
            f'<label>Routing number <input name="routing" value="{instruments.ROUTING_NUMBER}">'
            "</label>"
            '<label>Account number <input name="account" value="000123456789"></label>'
            '<p class="note">I authorise debits from this account (test mandate).</p>'
            f'<button type="submit">{verb} with bank account</button></fieldset></form>'
        )
    parts.append(f'<p><a href="{escape(session["cancel_url"])}">Cancel and go back</a></p>')
    return "".join(parts)


def _instrument(fake: FakeStripe, form: dict[str, str]) -> Obj:
    """A payment method from the submitted form, or ApiError(402) for an unknown test number."""
    if form.get("kind") == "card":
        number = "".join(ch for ch in form.get("number", "") if ch.isdigit())
        found = instruments.card(number)
        if found is None:
            raise ApiError(402, "Use one of the test card numbers.", code="card_declined")
        brand, behaviour = found
        month, _, year = form.get("expiry", "12/34").partition("/")
        details = {
            "brand": brand,
            "last4": number[-4:],
            "exp_month": int(month or 12),
            "exp_year": 2000 + int(year or 34),
            "fingerprint": f"fp{number[-8:]}",
            "funding": "credit",
        }
        return fake.create_payment_method("card", details, behaviour)
    routing, account = form.get("routing", ""), form.get("account", "")
    debit = instruments.bank_account(routing, account)
    if debit is None:
        raise ApiError(402, "Use the test routing and account numbers.", code="invalid_account")
    details = {
        "bank_name": "STRIPE TEST BANK",
        "last4": account[-4:],
        "routing_number": routing,
        "account_type": "checking",
        "account_holder_type": "individual",
    }
    return fake.create_payment_method("us_bank_account", details, debit)


def page_routes(fake: FakeStripe) -> list[Route]:
    async def show(request: Request) -> Response:
        with fake.lock:
            session = fake.objects.get(request.path_params["id"])
            if session is None or session["object"] != "checkout.session":
                return page("Not found", "<h1>This checkout page does not exist.</h1>", 404)
            if session["status"] != "open":
                return page("Checkout", "<h1>This checkout page is no longer open.</h1>", 410)
            return page("Checkout (test mode)", _forms(session, None))

    async def submit(request: Request) -> Response:
        form = {k: str(v) for k, v in decode_form(await request.body()).items()}
        with fake.lock:
            session = fake.objects.get(request.path_params["id"])
            if session is None or session["status"] != "open":
                return page("Checkout", "<h1>This checkout page is no longer open.</h1>", 410)
            try:
                method = _instrument(fake, form)
                if session["mode"] == "setup":
                    fake.complete_setup(session, method)
                else:
                    _pay(fake, session, method)
            except ApiError as e:
                message = e.body["error"]["message"]
                return page("Checkout (test mode)", _forms(session, message), e.status)
            target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
        return RedirectResponse(target, status_code=303)

    return [
        Route("/checkout/{id}", show, methods=["GET"]),
        Route("/checkout/{id}", submit, methods=["POST"]),
    ]


def _pay(fake: FakeStripe, session: Obj, method: Obj) -> None:
    data = session["_payment_intent_data"]
    saving = data.get("setup_future_usage")
    if session["customer"] is None and saving:
        session["customer"] = fake.create_customer({"metadata": session["metadata"]})["id"]
    if session["payment_intent"] is None:  # a second try after a decline reuses the intent
        intent = payments.create_payment_intent(
            fake,
            {
                "amount": session["amount_total"],
                "currency": session["currency"],
                "customer": session["customer"],
                "metadata": data.get("metadata") or {},
                "description": session["_line_item_name"],
                "setup_future_usage": saving,
                "payment_method_types": session["payment_method_types"],
            },
        )
        session["payment_intent"] = intent["id"]
    # A decline raises: the page shows it and stays open.
    intent = payments.confirm(fake, session["payment_intent"], {"payment_method": method["id"]})
    session["status"] = "complete"
    session["payment_status"] = "paid" if intent["status"] == "succeeded" else "unpaid"
    fake.emit("checkout.session.completed", public(session))
