"""The Stripe gateway: the one module that talks to Stripe, through the official ``stripe`` SDK.

Contract (what callers may rely on):

* **Configuration.** ``StripeGateway.from_settings(settings)`` uses
  ``PRACTICERUNNER_STRIPE_SECRET_KEY``, ``PRACTICERUNNER_STRIPE_API_BASE`` (unset: Stripe itself;
  the fake server in tests and ``make run``) and ``PRACTICERUNNER_STRIPE_WEBHOOK_SECRET``. It
  answers ``None`` when no secret key is set.
* **Plain results.** Every method answers frozen dataclasses of this module (``Customer``,
  ``HostedPage``, ``SavedMethod``, ``Payment``, ``Refund``, ``Checkout``, ``WebhookEvent``); no SDK
  object leaks out. Money is integer cents with a lower-case ISO currency.
* **Idempotency is the caller's.** Every call that changes something at Stripe takes an
  ``idempotency_key`` the caller derives from its own decision (``charge:<invoice>:<attempt>``,
  ``refund:<refund id>``), so a retried job or a replayed event sends the same key and Stripe
  answers the first result instead of acting twice. The SDK's automatic per-call key is never
  used: it would be new on every call and protect nothing across a crash.
* **Declines are answers, not errors.** ``charge`` answers a ``Payment`` whose ``outcome`` is
  ``"failed"`` (with ``failure_code`` / ``decline_code``) when the card is declined. A US bank
  debit answers ``"processing"``; its end comes later by webhook (``succeeded``, ``failed``, or
  ``returned`` after it had succeeded).
* **Errors.** ``GatewayUnavailable``: the outcome is unknown (network, timeout, Stripe 5xx, the
  same key still in flight): retry with the *same* key. ``IdempotencyKeyReused``: the key was
  used before with other parameters (a bug in the caller's key derivation). ``GatewayRefused``:
  Stripe refused the request (unknown id, refund above what was paid, ...), with Stripe's
  ``code``. ``WebhookRejected``: a webhook whose signature does not verify on the raw body.
* **No personal data is sent** beyond what the caller passes: customers carry the payer's id in
  ``metadata`` and an optional receipt email; descriptions and metadata must hold ids and
  invoice numbers only (they show in Stripe's dashboard and in its logs).
* ``verify_webhook`` checks the ``Stripe-Signature`` header with the SDK's own verification
  (HMAC-SHA256 over ``<t>.<raw body>``, five minutes' tolerance), then parses the body. It does
  not de-duplicate: the caller records ``event.id`` and ignores an id it has seen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import stripe

from practicerunner.config import Settings

__all__ = [
    "Checkout",
    "Customer",
    "GatewayRefused",
    "GatewayUnavailable",
    "HostedPage",
    "IdempotencyKeyReused",
    "MethodKind",
    "Payment",
    "Refund",
    "SavedMethod",
    "StripeGateway",
    "StripeGatewayError",
    "WebhookEvent",
    "WebhookRejected",
]

MethodKind = Literal["card", "us_bank_account"]
Outcome = Literal["succeeded", "processing", "failed", "returned", "requires_action", "canceled"]
ALL_METHODS: tuple[MethodKind, ...] = ("card", "us_bank_account")
WEBHOOK_TOLERANCE_SECONDS = 300
# Where the service receives Stripe's webhooks (the billing context's route); the fake Stripe
# started by ``serve`` delivers there.
WEBHOOK_PATH = "/billing/stripe/webhook"


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


class StripeGateway:
    def __init__(
        self,
        secret_key: str,
        *,
        api_base: str | None = None,
        webhook_secret: str | None = None,
        timeout_seconds: float = 30.0,
        max_network_retries: int = 2,
    ) -> None:
        # The SDK retries a request with the key it was given: safe, since we always give one.
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
            http_client=stripe.RequestsClient(timeout=timeout_seconds),
        )
        self._webhook_secret = webhook_secret

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeGateway | None:
        if not settings.stripe_secret_key:
            return None
        return cls(
            settings.stripe_secret_key,
            api_base=settings.stripe_api_base,
            webhook_secret=settings.stripe_webhook_secret,
        )

    # -- customers and saved methods ------------------------------------------------------

    def ensure_customer(
        self, payer_id: str, *, existing_id: str | None = None, email: str | None = None
    ) -> Customer:
        """The payer's Stripe customer: ``existing_id`` when the caller has one recorded, else
        one created with a key derived from the payer, so two racing calls make one."""
        if existing_id:
            found = self._call(lambda: self._client.v1.customers.retrieve(existing_id))
            if not found.get("deleted"):
                return Customer(found["id"])
        params: dict[str, Any] = {"metadata": {"payer_id": payer_id}}
        if email:
            params["email"] = email
        created = self._post(
            self._client.v1.customers.create, params, f"customer:{payer_id}:{existing_id or ''}"
        )
        return Customer(created["id"])

    def start_setup(
        self,
        customer_id: str,
        *,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
        methods: Sequence[MethodKind] = ALL_METHODS,
        metadata: Mapping[str, str] | None = None,
    ) -> HostedPage:
        """A hosted page (Checkout in setup mode) where the payer saves a card or bank account
        for later off-session charges. ``success_url`` may hold ``{CHECKOUT_SESSION_ID}``."""
        session = self._post(
            self._client.v1.checkout.sessions.create,
            {
                "mode": "setup",
                "customer": customer_id,
                "payment_method_types": list(methods),
                "success_url": success_url,
                "cancel_url": cancel_url,
                "metadata": dict(metadata or {}),
            },
            idempotency_key,
        )
        return HostedPage(session["id"], session["url"])

    def list_methods(self, customer_id: str) -> list[SavedMethod]:
        listed = self._call(
            lambda: self._client.v1.customers.payment_methods.list(
                customer_id, params={"limit": 100}
            )
        )
        return [_saved_method(m) for m in listed.get("data", [])]

    def detach_method(self, payment_method_id: str) -> None:
        self._post(
            lambda params, options: self._client.v1.payment_methods.detach(
                payment_method_id, params, options
            ),
            {},
            f"detach:{payment_method_id}",
        )

    # -- payments -------------------------------------------------------------------------

    def charge(
        self,
        *,
        customer_id: str,
        payment_method_id: str,
        amount_cents: int,
        idempotency_key: str,
        currency: str = "usd",
        description: str | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> Payment:
        """Creates and confirms an off-session PaymentIntent on a saved method."""
        _check_amount(amount_cents)
        params: dict[str, Any] = {
            "amount": amount_cents,
            "currency": currency,
            "customer": customer_id,
            "payment_method": payment_method_id,
            "confirm": True,
            "off_session": True,
            "metadata": dict(metadata or {}),
        }
        if description:
            params["description"] = description
        try:
            intent = self._post(self._client.v1.payment_intents.create, params, idempotency_key)
        except _Declined as declined:
            return declined.payment
        return _payment(intent)

    def payment(self, payment_intent_id: str) -> Payment:
        intent = self._call(
            lambda: self._client.v1.payment_intents.retrieve(
                payment_intent_id, params={"expand": ["latest_charge"]}
            )
        )
        return _payment(intent)

    def refund(
        self,
        payment_intent_id: str,
        *,
        idempotency_key: str,
        amount_cents: int | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> Refund:
        """Refunds the payment in full (``amount_cents`` None) or in part."""
        params: dict[str, Any] = {
            "payment_intent": payment_intent_id,
            "metadata": dict(metadata or {}),
        }
        if amount_cents is not None:
            _check_amount(amount_cents)
            params["amount"] = amount_cents
        refund = self._post(self._client.v1.refunds.create, params, idempotency_key)
        return Refund(refund["id"], payment_intent_id, refund["amount"], refund["status"])

    def start_payment_page(
        self,
        *,
        amount_cents: int,
        description: str,
        success_url: str,
        cancel_url: str,
        idempotency_key: str,
        currency: str = "usd",
        customer_id: str | None = None,
        methods: Sequence[MethodKind] = ALL_METHODS,
        save_method: bool = False,
        metadata: Mapping[str, str] | None = None,
    ) -> HostedPage:
        """A hosted payment page (Checkout in payment mode) for a pay link. ``metadata`` is
        copied onto the PaymentIntent, so its webhooks name the invoice."""
        _check_amount(amount_cents)
        intent_data: dict[str, Any] = {"metadata": dict(metadata or {})}
        if save_method:
            intent_data["setup_future_usage"] = "off_session"
        params: dict[str, Any] = {
            "mode": "payment",
            "payment_method_types": list(methods),
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": currency,
                        "unit_amount": amount_cents,
                        "product_data": {"name": description},
                    },
                }
            ],
            "payment_intent_data": intent_data,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": dict(metadata or {}),
        }
        if customer_id:
            params["customer"] = customer_id
        session = self._post(self._client.v1.checkout.sessions.create, params, idempotency_key)
        return HostedPage(session["id"], session["url"])

    def checkout(self, session_id: str) -> Checkout:
        """Where a hosted page stands (after the payer came back to ``success_url``)."""
        session = self._call(
            lambda: self._client.v1.checkout.sessions.retrieve(
                session_id, params={"expand": ["setup_intent", "payment_intent"]}
            )
        )
        return _checkout(session)

    # -- webhooks -------------------------------------------------------------------------

    def verify_webhook(self, raw_body: bytes, signature_header: str | None) -> WebhookEvent:
        try:
            stripe.WebhookSignature.verify_header(
                raw_body, signature_header, self._webhook_secret, WEBHOOK_TOLERANCE_SECONDS
            )
            event = json.loads(raw_body)
            obj = event["data"]["object"]
            kind = str(obj.get("object", ""))
            parsed = WebhookEvent(
                id=str(event["id"]),
                type=str(event["type"]),
                created=datetime.fromtimestamp(int(event["created"]), UTC),
                object_type=kind,
                object_id=str(obj.get("id", "")),
                data=obj,
                payment=(
                    _payment(obj)
                    if kind == "payment_intent"
                    else _payment_of_charge(obj)
                    if kind == "charge"
                    else None
                ),
                checkout=_checkout(obj) if kind == "checkout.session" else None,
            )
        except stripe.SignatureVerificationError as e:
            raise WebhookRejected("the webhook's signature does not verify") from e
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise WebhookRejected("the webhook's body is not a Stripe event") from e
        return parsed

    # -- calling the SDK ------------------------------------------------------------------

    def _post(self, method: Any, params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        if not idempotency_key or len(idempotency_key) > 255:
            raise ValueError("an idempotency key of 1 to 255 characters is required")
        return self._call(lambda: method(params, {"idempotency_key": idempotency_key}))

    def _call(self, request: Any) -> dict[str, Any]:
        try:
            answer = request()
        except stripe.CardError as e:
            raise _Declined(_declined_payment(e)) from e
        except stripe.IdempotencyError as e:
            if e.http_status == 409:  # the same key still in flight
                raise GatewayUnavailable(str(e.user_message or e), e.code) from e
            raise IdempotencyKeyReused(str(e.user_message or e), e.code) from e
        except (stripe.APIConnectionError, stripe.RateLimitError) as e:
            raise GatewayUnavailable(str(e.user_message or e), e.code) from e
        except stripe.StripeError as e:
            if e.http_status is None or e.http_status >= 500:
                raise GatewayUnavailable(str(e.user_message or e), e.code) from e
            raise GatewayRefused(str(e.user_message or e), e.code) from e
        return dict(answer.to_dict())


class _Declined(Exception):
    def __init__(self, payment: Payment) -> None:
        self.payment = payment


def _check_amount(amount_cents: int) -> None:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValueError("amounts are positive integer cents")


def _declined_payment(e: stripe.CardError) -> Payment:
    error = (e.json_body or {}).get("error", {})
    intent = error.get("payment_intent")
    if not isinstance(intent, dict):
        raise GatewayRefused(str(e.user_message or e), e.code) from e
    return _payment(intent)


def _payment(intent: Mapping[str, Any]) -> Payment:
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
        customer_id=_id_of(intent.get("customer")),
        payment_method_id=_id_of(method),
        charge_id=charge_id,
        amount_refunded_cents=int(refunded or 0),
        failure_code=error.get("code") or charge_fields.get("failure_code"),
        decline_code=error.get("decline_code"),
        failure_message=error.get("message") or charge_fields.get("failure_message"),
        returned=returned,
        metadata=dict(intent.get("metadata") or {}),
    )


def _payment_of_charge(charge: Mapping[str, Any]) -> Payment:
    status = {"succeeded": "succeeded", "pending": "processing"}.get(
        str(charge.get("status")), "requires_payment_method"
    )
    return Payment(
        id=str(charge.get("payment_intent")),
        status=status,
        amount_cents=int(charge["amount"]),
        currency=str(charge["currency"]),
        customer_id=_id_of(charge.get("customer")),
        payment_method_id=_id_of(charge.get("payment_method")),
        charge_id=str(charge["id"]),
        amount_refunded_cents=int(charge.get("amount_refunded") or 0),
        failure_code=charge.get("failure_code"),
        failure_message=charge.get("failure_message"),
        returned=bool(charge.get("failure_balance_transaction")),
        metadata=dict(charge.get("metadata") or {}),
    )


def _checkout(session: Mapping[str, Any]) -> Checkout:
    setup = session.get("setup_intent")
    intent = session.get("payment_intent")
    method = None
    for expanded in (setup, intent):
        if isinstance(expanded, dict) and expanded.get("payment_method"):
            method = _id_of(expanded["payment_method"])
    return Checkout(
        id=str(session["id"]),
        mode=str(session["mode"]),
        status=str(session.get("status")),
        payment_status=str(session.get("payment_status")),
        customer_id=_id_of(session.get("customer")),
        payment_intent_id=_id_of(intent),
        setup_intent_id=_id_of(setup),
        payment_method_id=method,
        metadata=dict(session.get("metadata") or {}),
    )


def _saved_method(method: Mapping[str, Any]) -> SavedMethod:
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


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return str(value["id"])
    return str(value) if value else None
