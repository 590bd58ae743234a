"""What the Stripe gateway answers: plain frozen dataclasses (no SDK object leaks out), the
gateway's errors, and the parsing of Stripe's JSON into them. ``stripe_gateway`` re-exports
all of it; import from there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "ALL_METHODS",
    "Checkout",
    "Customer",
    "GatewayRefused",
    "GatewayUnavailable",
    "HostedPage",
    "IdempotencyKeyReused",
    "MethodKind",
    "Outcome",
    "Payment",
    "Refund",
    "SavedMethod",
    "StripeGatewayError",
    "WebhookEvent",
    "WebhookRejected",
    "checkout_of",
    "payment_of",
    "payment_of_charge",
    "saved_method_of",
]

MethodKind = Literal["card", "us_bank_account"]
Outcome = Literal["succeeded", "processing", "failed", "returned", "requires_action", "canceled"]
ALL_METHODS: tuple[MethodKind, ...] = ("card", "us_bank_account")


class StripeGatewayError(Exception):
    """Base of the gateway's errors; ``code`` is Stripe's error code when it gave one."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class GatewayUnavailable(StripeGatewayError):
    """The outcome is unknown: retry later with the same idempotency key."""


class IdempotencyKeyReused(StripeGatewayError):
    """The idempotency key was used before with different parameters."""


class GatewayRefused(StripeGatewayError):
    """Stripe refused the request; nothing was done."""


class WebhookRejected(StripeGatewayError):
    """The webhook's signature did not verify (or the body is not an event)."""


@dataclass(frozen=True)
class Customer:
    id: str


@dataclass(frozen=True)
class HostedPage:
    """A Stripe-hosted page (Checkout): send the payer's browser to ``url``."""

    id: str
    url: str


@dataclass(frozen=True)
class SavedMethod:
    id: str
    kind: str  # "card" or "us_bank_account"
    last4: str
    brand: str | None = None  # cards: "visa", ...
    exp_month: int | None = None
    exp_year: int | None = None
    bank_name: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "card":
            return f"{(self.brand or 'card').title()} ending {self.last4}"
        return f"{self.bank_name or 'Bank account'} ending {self.last4}"


@dataclass(frozen=True)
class Payment:
    """A PaymentIntent as the practice cares about it."""

    id: str
    status: str  # Stripe's PaymentIntent status
    amount_cents: int
    currency: str
    customer_id: str | None = None
    payment_method_id: str | None = None
    charge_id: str | None = None
    amount_refunded_cents: int = 0
    failure_code: str | None = None
    decline_code: str | None = None
    failure_message: str | None = None
    returned: bool = False  # a bank debit taken back after it had succeeded
    metadata: Mapping[str, str] = field(default_factory=dict)
    method_kind: str | None = None  # "card" or "us_bank_account", when the charge is known

    @property
    def outcome(self) -> Outcome:
        if self.returned:
            return "returned"
        return {
            "succeeded": "succeeded",
            "processing": "processing",
            "requires_payment_method": "failed",
            "requires_action": "requires_action",
            "requires_confirmation": "requires_action",
            "canceled": "canceled",
        }.get(self.status, "processing")  # type: ignore[return-value]


@dataclass(frozen=True)
class Refund:
    id: str
    payment_intent_id: str
    amount_cents: int
    status: str  # "succeeded", "pending", "failed"


@dataclass(frozen=True)
class Checkout:
    """A Checkout Session: a hosted setup (``mode == "setup"``) or payment page."""

    id: str
    mode: str
    status: str  # "open", "complete", "expired"
    payment_status: str  # "unpaid", "paid", "no_payment_required"
    customer_id: str | None
    payment_intent_id: str | None
    setup_intent_id: str | None
    payment_method_id: str | None  # the saved method (setup) or the one that paid
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookEvent:
    """A verified Stripe event. ``payment`` is filled for ``payment_intent.*`` and
    ``charge.*`` events, ``checkout`` for ``checkout.session.*``; ``data`` is the event's object
    as plain JSON."""

    id: str
    type: str
    created: datetime
    object_type: str
    object_id: str
    data: Mapping[str, Any]
    payment: Payment | None = None
    checkout: Checkout | None = None


def payment_of(intent: Mapping[str, Any]) -> Payment:
    error = intent.get("last_payment_error") or {}
    charge = intent.get("latest_charge")
    charge_id = charge.get("id") if isinstance(charge, dict) else charge
    charge_fields = charge if isinstance(charge, dict) else {}
    returned = bool(charge_fields.get("failure_balance_transaction"))
    refunded = charge_fields.get("amount_refunded", 0)
    method = intent.get("payment_method")
    return Payment(
        id=str(intent["id"]),
        status=str(intent["status"]),
        amount_cents=int(intent["amount"]),
        currency=str(intent["currency"]),
        customer_id=id_of(intent.get("customer")),
        payment_method_id=id_of(method),
        charge_id=charge_id,
        amount_refunded_cents=int(refunded or 0),
        failure_code=error.get("code") or charge_fields.get("failure_code"),
        decline_code=error.get("decline_code"),
        failure_message=error.get("message") or charge_fields.get("failure_message"),
        returned=returned,
        metadata=dict(intent.get("metadata") or {}),
        method_kind=(charge_fields.get("payment_method_details") or {}).get("type"),
    )


def payment_of_charge(charge: Mapping[str, Any]) -> Payment:
    status = {"succeeded": "succeeded", "pending": "processing"}.get(
        str(charge.get("status")), "requires_payment_method"
    )
    return Payment(
        id=str(charge.get("payment_intent")),
        status=status,
        amount_cents=int(charge["amount"]),
        currency=str(charge["currency"]),
        customer_id=id_of(charge.get("customer")),
        payment_method_id=id_of(charge.get("payment_method")),
        charge_id=str(charge["id"]),
        amount_refunded_cents=int(charge.get("amount_refunded") or 0),
        failure_code=charge.get("failure_code"),
        failure_message=charge.get("failure_message"),
        returned=bool(charge.get("failure_balance_transaction")),
        metadata=dict(charge.get("metadata") or {}),
        method_kind=(charge.get("payment_method_details") or {}).get("type"),
    )


def checkout_of(session: Mapping[str, Any]) -> Checkout:
    setup = session.get("setup_intent")
    intent = session.get("payment_intent")
    method = None
    for expanded in (setup, intent):
        if isinstance(expanded, dict) and expanded.get("payment_method"):
            method = id_of(expanded["payment_method"])
    return Checkout(
        id=str(session["id"]),
        mode=str(session["mode"]),
        status=str(session.get("status")),
        payment_status=str(session.get("payment_status")),
        customer_id=id_of(session.get("customer")),
        payment_intent_id=id_of(intent),
        setup_intent_id=id_of(setup),
        payment_method_id=method,
        metadata=dict(session.get("metadata") or {}),
    )


def saved_method_of(method: Mapping[str, Any]) -> SavedMethod:
    kind = str(method["type"])
    if kind == "card":
        card = method.get("card") or {}
        return SavedMethod(
            id=str(method["id"]),
            kind=kind,
            last4=str(card.get("last4", "")),
            brand=card.get("brand"),
            exp_month=card.get("exp_month"),
            exp_year=card.get("exp_year"),
        )
    bank = method.get(kind) or {}
    return SavedMethod(
        id=str(method["id"]),
        kind=kind,
        last4=str(bank.get("last4", "")),
        bank_name=bank.get("bank_name"),
    )


def id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return str(value["id"])
    return str(value) if value else None
