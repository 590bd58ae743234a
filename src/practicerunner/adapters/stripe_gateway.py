"""The Stripe gateway: the one module that talks to Stripe, through the official ``stripe`` SDK.

Contract (what callers may rely on):

* **Configuration.** ``StripeGateway.from_settings(settings)`` uses
  ``PRACTICERUNNER_STRIPE_SECRET_KEY``, ``PRACTICERUNNER_STRIPE_API_BASE`` (unset: Stripe itself;
  the fake server in tests and ``make run``) and ``PRACTICERUNNER_STRIPE_WEBHOOK_SECRET``. It
  answers ``None`` when no secret key is set.
* **Plain results.** Every method answers frozen dataclasses (``Customer``, ``HostedPage``,
  ``SavedMethod``, ``Payment``, ``Refund``, ``Checkout``, ``WebhookEvent``; defined in
  ``stripe_results.py``, importable from here); no SDK object leaks out. Money is integer
  cents with a lower-case ISO currency.
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
from datetime import UTC, datetime
from typing import Any

import stripe

from practicerunner.adapters.stripe_results import (
    ALL_METHODS,
    Checkout,
    Customer,
    GatewayRefused,
    GatewayUnavailable,
    HostedPage,
    IdempotencyKeyReused,
    MethodKind,
    Payment,
    Refund,
    SavedMethod,
    StripeGatewayError,
    WebhookEvent,
    WebhookRejected,
    checkout_of,
    payment_of,
    payment_of_charge,
    saved_method_of,
)
from practicerunner.config import Settings

__all__ = [
    "ALL_METHODS",
    "WEBHOOK_PATH",
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

WEBHOOK_TOLERANCE_SECONDS = 300
# Where the service receives Stripe's webhooks (the billing context's route); the fake Stripe
# started by ``serve`` delivers there.
WEBHOOK_PATH = "/billing/stripe/webhook"


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
        """The customer's saved methods, newest first (as Stripe lists them)."""
        listed = self._call(
            lambda: self._client.v1.customers.payment_methods.list(
                customer_id, params={"limit": 100}
            )
        )
        return [saved_method_of(m) for m in listed.get("data", [])]

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
        return payment_of(intent)

    def payment(self, payment_intent_id: str) -> Payment:
        intent = self._call(
            lambda: self._client.v1.payment_intents.retrieve(
                payment_intent_id, params={"expand": ["latest_charge"]}
            )
        )
        return payment_of(intent)

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
        return checkout_of(session)

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
                    payment_of(obj)
                    if kind == "payment_intent"
                    else payment_of_charge(obj)
                    if kind == "charge"
                    else None
                ),
                checkout=checkout_of(obj) if kind == "checkout.session" else None,
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
            raise IdempotencyKeyReused(str(e.user_message or e), e.code) from e
        except (stripe.APIConnectionError, stripe.RateLimitError) as e:
            raise GatewayUnavailable(str(e.user_message or e), e.code) from e
        except stripe.StripeError as e:
            # 409: the same key still in flight (or a lock conflict): its outcome is not known.
            if e.http_status is None or e.http_status >= 500 or e.http_status == 409:
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
    body = e.json_body if isinstance(e.json_body, dict) else {}
    error = body.get("error", {})
    intent = error.get("payment_intent")
    if not isinstance(intent, dict):
        raise GatewayRefused(str(e.user_message or e), e.code) from e
    return payment_of(intent)
