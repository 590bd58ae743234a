"""PaymentIntents, charges and refunds in the fake, and its ledger of charges.

A card charge succeeds or is declined at once. A US bank debit is ``processing`` (charge
``pending``) until ``settle`` ends it as its account number says (or as told); ``return_payment``
takes a succeeded debit back: the charge turns ``failed`` with a ``failure_balance_transaction``
(the reversal), and a ``charge.failed`` event says so; ``dispute_payment`` takes it back as
Stripe now reports it, by a ``charge.dispute.created`` (ACH disputes are final)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from practicerunner.adapters.stripe_fake.state import ApiError, FakeStripe, Obj, public


@dataclass(frozen=True)
class LedgerEntry:
    """One charge as the fake's books hold it."""

    charge_id: str
    payment_intent_id: str
    customer_id: str | None
    amount_cents: int
    currency: str
    method_kind: str
    status: str  # "succeeded", "pending", "failed"
    amount_refunded_cents: int
    returned: bool


def ledger(fake: FakeStripe, status: str | None = None) -> list[LedgerEntry]:
    with fake.lock:
        charges = [o for o in fake.objects.values() if o["object"] == "charge"]
        return [
            LedgerEntry(
                charge_id=c["id"],
                payment_intent_id=c["payment_intent"],
                customer_id=c["customer"],
                amount_cents=c["amount"],
                currency=c["currency"],
                method_kind=c["payment_method_details"]["type"],
                status=c["status"],
                amount_refunded_cents=c["amount_refunded"],
                returned=c["failure_balance_transaction"] is not None,
            )
            for c in sorted(charges, key=lambda c: c["_seq"])
            if status is None or c["status"] == status
        ]


def create_payment_intent(fake: FakeStripe, params: Obj) -> Obj:
    amount = _positive_int(params.get("amount"), "amount")
    customer = params.get("customer")
    if customer:
        fake.customer(customer)
    method_id = params.get("payment_method")
    kinds = list(params.get("payment_method_types") or ["card", "us_bank_account"])
    if method_id:
        method = fake.get(method_id, "payment_method", "payment_method")
        if method["customer"] not in (None, customer):
            raise ApiError(
                400,
                f"The payment method {method_id} does not belong to customer {customer}.",
                param="payment_method",
            )
        kinds = [method["type"]]
    intent = fake.add(
        {
            "id": fake.new_id("pi"),
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": str(params.get("currency", "usd")).lower(),
            "customer": customer,
            "description": params.get("description"),
            "metadata": dict(params.get("metadata") or {}),
            "payment_method": method_id,
            "payment_method_types": kinds,
            "setup_future_usage": params.get("setup_future_usage"),
            "status": "requires_confirmation" if method_id else "requires_payment_method",
            "latest_charge": None,
            "last_payment_error": None,
            "next_action": None,
            "cancellation_reason": None,
            "created": fake.now(),
            "livemode": False,
        }
    )
    fake.emit("payment_intent.created", intent)
    if _truthy(params.get("confirm")):
        return confirm(fake, intent["id"], {})
    return intent


def confirm(fake: FakeStripe, intent_id: str, params: Obj) -> Obj:
    intent = fake.get(intent_id, "payment_intent", "intent")
    if params.get("payment_method"):
        fake.get(params["payment_method"], "payment_method", "payment_method")
        intent["payment_method"] = params["payment_method"]
    if intent["status"] not in ("requires_confirmation", "requires_payment_method"):
        raise ApiError(
            400,
            f"This PaymentIntent's status is {intent['status']}; it cannot be confirmed.",
            code="payment_intent_unexpected_state",
        )
    if not intent["payment_method"]:
        raise ApiError(400, "A payment method is needed to confirm", param="payment_method")
    method = fake.get(intent["payment_method"], "payment_method", "payment_method")
    behaviour = fake.behaviour[method["id"]]
    decline = fake.failures.take_decline() or behaviour.decline_code
    charge = _new_charge(fake, intent, method)
    if method["type"] == "card" and decline:
        _fail(fake, intent, charge, "card_declined", decline)
        raise ApiError(
            402,
            "Your card was declined.",
            type="card_error",
            code="card_declined",
            stored=True,
            decline_code=decline,
            charge=charge["id"],
            payment_intent=intent,
        )
    if method["type"] == "card":
        _succeed(fake, intent, charge)
    else:
        charge["status"] = "pending"
        intent["status"] = "processing"
        fake.emit("charge.pending", public(charge))
        fake.emit("payment_intent.processing", intent)
        if fake.settle_after is not None:
            timer = threading.Timer(fake.settle_after, _settle_later, (fake, intent["id"]))
            timer.daemon = True
            timer.start()
    if intent.get("setup_future_usage") and intent["customer"] and not method["customer"]:
        fake.attach(method, intent["customer"])
    return intent


def settle(fake: FakeStripe, intent_id: str, outcome: str | None = None) -> Obj:
    """Ends a processing bank debit: ``succeeded``, ``failed`` or ``returned`` (succeeds now,
    is taken back by ``return_payment``); by default as its account number says."""
    with fake.lock:
        intent = fake.get(intent_id, "payment_intent")
        if intent["status"] != "processing":
            raise ApiError(400, f"{intent_id} is not processing")
        charge = fake.get(intent["latest_charge"], "charge")
        behaviour = fake.behaviour[intent["payment_method"]]
        outcome = outcome or behaviour.settles
        if outcome == "failed":
            _fail(fake, intent, charge, behaviour.failure_code or "insufficient_funds", None)
        else:
            _succeed(fake, intent, charge)
        _tell_checkout(fake, intent, "succeeded" if outcome != "failed" else "failed")
        return intent


def _tell_checkout(fake: FakeStripe, intent: Obj, outcome: str) -> None:
    """A pay-link page paid by bank debit learns the debit's end, as at Stripe."""
    for session in list(fake.objects.values()):
        if session["object"] == "checkout.session" and session["payment_intent"] == intent["id"]:
            session["payment_status"] = "paid" if outcome == "succeeded" else "unpaid"
            fake.emit(f"checkout.session.async_payment_{outcome}", public(session))


def _settle_later(fake: FakeStripe, intent_id: str) -> None:
    with fake.lock:
        if fake.objects[intent_id]["status"] != "processing":
            return
        intent = settle(fake, intent_id)
        if fake.behaviour[intent["payment_method"]].settles == "returned":
            return_payment(fake, intent_id)


def processing(fake: FakeStripe) -> list[str]:
    with fake.lock:
        return [
            o["id"]
            for o in fake.objects.values()
            if o["object"] == "payment_intent" and o["status"] == "processing"
        ]


def return_payment(fake: FakeStripe, intent_id: str, failure_code: str | None = None) -> Obj:
    """A succeeded bank debit comes back (an ACH return)."""
    with fake.lock:
        intent = fake.get(intent_id, "payment_intent")
        charge = fake.get(intent["latest_charge"], "charge")
        if charge["status"] != "succeeded" or charge["payment_method_details"]["type"] == "card":
            raise ApiError(400, f"{intent_id} is not a succeeded bank debit")
        behaviour = fake.behaviour[intent["payment_method"]]
        charge.update(
            status="failed",
            failure_code=failure_code or behaviour.failure_code or "debit_not_authorized",
            failure_message="The bank debit was returned.",
            failure_balance_transaction=fake.new_id("txn"),
        )
        fake.emit("charge.failed", public(charge))
        return intent


def dispute_payment(fake: FakeStripe, intent_id: str, reason: str = "unrecognized") -> Obj:
    """The payer's bank disputes a succeeded bank debit (for ACH, final: the money is taken
    back at once). Stripe also reports an ACH failure that comes after success this way."""
    with fake.lock:
        intent = fake.get(intent_id, "payment_intent")
        charge = fake.get(intent["latest_charge"], "charge")
        if charge["status"] != "succeeded" or charge["payment_method_details"]["type"] == "card":
            raise ApiError(400, f"{intent_id} is not a succeeded bank debit")
        charge["disputed"] = True
        dispute = fake.add(
            {
                "id": fake.new_id("dp"),
                "object": "dispute",
                "amount": charge["amount"] - charge["amount_refunded"],
                "currency": charge["currency"],
                "charge": charge["id"],
                "payment_intent": intent_id,
                "reason": reason,
                "status": "lost",
                "created": fake.now(),
                "livemode": False,
            }
        )
        fake.emit("charge.dispute.created", dispute)
        return dispute


def create_refund(fake: FakeStripe, params: Obj) -> Obj:
    intent_id = params.get("payment_intent")
    if intent_id:
        intent = fake.get(intent_id, "payment_intent", "payment_intent")
        charge = fake.get(intent["latest_charge"] or "", "charge", "payment_intent")
    else:
        charge = fake.get(str(params.get("charge")), "charge", "charge")
    if charge["status"] != "succeeded":
        raise ApiError(
            400, f"Charge {charge['id']} has not succeeded.", code="charge_not_refundable"
        )
    left = charge["amount"] - charge["amount_refunded"]
    if left == 0:
        raise ApiError(
            400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
        )
    amount = _positive_int(params.get("amount", left), "amount")
    if amount > left:
        raise ApiError(
            400,
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
            code="amount_too_large",
            param="amount",
        )
    refund = fake.add(
        {
            "id": fake.new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge["id"],
            "payment_intent": charge["payment_intent"],
            "status": "succeeded",
            "reason": params.get("reason"),
            "metadata": dict(params.get("metadata") or {}),
            "created": fake.now(),
        }
    )
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    fake.emit("refund.created", refund)
    fake.emit("charge.refunded", public(charge))
    return refund


def _new_charge(fake: FakeStripe, intent: Obj, method: Obj) -> Obj:
    charge = fake.add(
        {
            "id": fake.new_id("ch"),
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": 0,
            "amount_refunded": 0,
            "captured": False,
            "currency": intent["currency"],
            "customer": intent["customer"],
            "description": intent["description"],
            "metadata": dict(intent["metadata"]),
            "paid": False,
            "payment_intent": intent["id"],
            "payment_method": method["id"],
            "payment_method_details": {"type": method["type"]},
            "refunded": False,
            "status": "pending",
            "failure_code": None,
            "failure_message": None,
            "failure_balance_transaction": None,
            "created": fake.now(),
            "livemode": False,
        }
    )
    intent["latest_charge"] = charge["id"]
    return charge


def _succeed(fake: FakeStripe, intent: Obj, charge: Obj) -> None:
    charge.update(status="succeeded", paid=True, captured=True, amount_captured=charge["amount"])
    intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
    fake.emit("charge.succeeded", public(charge))
    fake.emit("payment_intent.succeeded", intent)


def _fail(fake: FakeStripe, intent: Obj, charge: Obj, code: str, decline: str | None) -> None:
    message = "Your card was declined." if decline else "The bank debit failed."
    charge.update(status="failed", failure_code=decline or code, failure_message=message)
    error: Obj = {
        "type": "card_error" if decline else "invalid_request_error",
        "code": code,
        "message": message,
        "payment_method": {"id": charge["payment_method"]},
    }
    if decline:
        error["decline_code"] = decline
    intent.update(status="requires_payment_method", last_payment_error=error)
    fake.emit("charge.failed", public(charge))
    fake.emit("payment_intent.payment_failed", intent)


def _positive_int(value: Any, param: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise ApiError(400, f"Invalid integer: {value}", param=param) from None
    if number <= 0:
        raise ApiError(400, f"{param} must be a positive integer", param=param)
    return number


def _truthy(value: Any) -> bool:
    return str(value).lower() == "true"
