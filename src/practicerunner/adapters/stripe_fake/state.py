"""The fake's records: customers, payment methods, Checkout Sessions and SetupIntents, and the
events they raise. Payments, charges and refunds are in ``payments.py``; both work on one
``FakeStripe`` under one lock, so every request sees a consistent state."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from practicerunner.adapters.stripe_fake.failures import Failures
from practicerunner.adapters.stripe_fake.instruments import Behaviour
from practicerunner.adapters.stripe_fake.webhooks import WebhookSender

Obj = dict[str, Any]


class ApiError(Exception):
    """A Stripe error answer. ``stored`` answers are kept for their idempotency key (the
    request ran: a decline); the others (bad parameters, unknown ids) are not."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        stored: bool = False,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.stored = stored
        error: Obj = {"type": type, "message": message}
        if code:
            error["code"] = code
        if param:
            error["param"] = param
        error.update(extra)
        self.body: Obj = {"error": error}


def missing(kind: str, id: str, param: str = "id") -> ApiError:
    return ApiError(404, f"No such {kind}: '{id}'", code="resource_missing", param=param)


class FakeStripe:
    """All of the fake's state. Tests read ``ledger()`` and drive time-based outcomes
    (``settle``, ``return_payment``); the HTTP layer calls the operations."""

    def __init__(
        self,
        webhook_secret: str = "whsec_fake",
        clock: Callable[[], float] = time.time,
        base_url: str = "http://127.0.0.1",
        settle_after: float | None = None,
    ) -> None:
        # settle_after: demos settle bank debits by themselves after so many seconds; tests
        # leave it None and call payments.settle when they want the bank's answer.
        self.settle_after = settle_after
        self.lock = threading.RLock()
        self.clock = clock
        self.base_url = base_url
        self.objects: dict[str, Obj] = {}
        self.behaviour: dict[str, Behaviour] = {}  # payment method id -> what it does
        self.events: list[Obj] = []
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, idempotency key
        self.failures = Failures()
        self.webhooks = WebhookSender(webhook_secret)

    # -- records ----------------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_hex(12)}"

    def now(self) -> int:
        return int(self.clock())

    def add(self, obj: Obj) -> Obj:
        obj["_seq"] = len(self.objects)  # creation order, finer than ``created`` seconds
        self.objects[obj["id"]] = obj
        return obj

    def get(self, id: str, object_type: str, param: str = "id") -> Obj:
        found = self.objects.get(id)
        if found is None or found["object"] != object_type:
            raise missing(object_type.replace("checkout.session", "checkout session"), id, param)
        return found

    def all(self, object_type: str) -> list[Obj]:
        with self.lock:
            return [copy.deepcopy(o) for o in self.objects.values() if o["object"] == object_type]

    def emit(self, type: str, obj: Obj) -> None:
        event = {
            "id": self.new_id("evt"),
            "object": "event",
            "api_version": "2025-01-27",
            "created": self.now(),
            "livemode": False,
            "pending_webhooks": 1,
            "type": type,
            "data": {"object": snapshot(obj)},
        }
        self.events.append(event)
        self.webhooks.publish(event)

    # -- customers --------------------------------------------------------------------------

    def create_customer(self, params: Obj) -> Obj:
        customer = self.add(
            {
                "id": self.new_id("cus"),
                "object": "customer",
                "created": self.now(),
                "email": params.get("email"),
                "name": params.get("name"),
                "metadata": dict(params.get("metadata") or {}),
                "invoice_settings": {"default_payment_method": None},
                "livemode": False,
            }
        )
        self.emit("customer.created", customer)
        return customer

    def customer(self, id: str) -> Obj:
        return self.get(id, "customer")

    # -- payment methods --------------------------------------------------------------------

    def create_payment_method(self, kind: str, details: Obj, behaviour: Behaviour) -> Obj:
        method = self.add(
            {
                "id": self.new_id("pm"),
                "object": "payment_method",
                "type": kind,
                "created": self.now(),
                "customer": None,
                "livemode": False,
                "metadata": {},
                "billing_details": {"name": None, "email": None},
                kind: details,
            }
        )
        self.behaviour[method["id"]] = behaviour
        return method

    def attach(self, method: Obj, customer_id: str) -> None:
        method["customer"] = customer_id
        self.emit("payment_method.attached", method)

    def customer_methods(self, customer_id: str, params: Obj) -> Obj:
        self.customer(customer_id)
        kind = params.get("type")
        found = [
            o
            for o in self.objects.values()
            if o["object"] == "payment_method"
            and o["customer"] == customer_id
            and (kind is None or o["type"] == kind)
        ]
        found.sort(key=lambda o: o["_seq"], reverse=True)  # newest first, as Stripe lists
        return {
            "object": "list",
            "url": f"/v1/customers/{customer_id}/payment_methods",
            "has_more": False,
            "data": found,
        }

    def detach(self, method_id: str) -> Obj:
        method = self.get(method_id, "payment_method", "payment_method")
        if method["customer"] is None:
            raise ApiError(
                400,
                f"The payment method {method_id} is not attached to a customer.",
                code="payment_method_not_attached",
            )
        method["customer"] = None
        self.emit("payment_method.detached", method)
        return method

    # -- Checkout Sessions ------------------------------------------------------------------

    def create_checkout_session(self, params: Obj) -> Obj:
        mode = params.get("mode")
        if mode not in ("setup", "payment"):
            raise ApiError(400, "mode must be setup or payment", param="mode")
        for url in ("success_url", "cancel_url"):
            if not str(params.get(url, "")).startswith(("http://", "https://")):
                raise ApiError(400, f"Not a valid URL: {url}", param=url)
        customer = params.get("customer")
        if customer:
            self.customer(customer)
        elif mode == "setup":
            raise ApiError(400, "A setup session needs a customer here", param="customer")
        kinds = list(params.get("payment_method_types") or ["card"])
        unknown = [k for k in kinds if k not in ("card", "us_bank_account")]
        if unknown:
            raise ApiError(400, f"Invalid payment_method_types: {unknown[0]}")
        amount = None
        currency = params.get("currency")
        name = None
        if mode == "payment":
            amount, currency, name = _one_line_item(params)
        id = self.new_id("cs_test")
        return self.add(
            {
                "id": id,
                "object": "checkout.session",
                "mode": mode,
                "status": "open",
                "payment_status": "unpaid" if mode == "payment" else "no_payment_required",
                "url": f"{self.base_url}/checkout/{id}",
                "success_url": params["success_url"],
                "cancel_url": params["cancel_url"],
                "customer": customer,
                "payment_method_types": kinds,
                "amount_total": amount,
                "currency": currency,
                "metadata": dict(params.get("metadata") or {}),
                "payment_intent": None,
                "setup_intent": None,
                "created": self.now(),
                "livemode": False,
                # Kept for completing the page; Stripe keeps these on its side too.
                "_line_item_name": name,
                "_payment_intent_data": dict(params.get("payment_intent_data") or {}),
            }
        )

    def checkout_session(self, id: str) -> Obj:
        return self.get(id, "checkout.session")

    def complete_setup(self, session: Obj, method: Obj) -> None:
        """The payer saved ``method`` on the hosted setup page."""
        setup = self.add(
            {
                "id": self.new_id("seti"),
                "object": "setup_intent",
                "status": "succeeded",
                "usage": "off_session",
                "customer": session["customer"],
                "payment_method": method["id"],
                "payment_method_types": session["payment_method_types"],
                "created": self.now(),
                "livemode": False,
                "metadata": dict(session["metadata"]),
            }
        )
        self.attach(method, session["customer"])
        self.emit("setup_intent.succeeded", setup)
        session.update(status="complete", setup_intent=setup["id"])
        self.emit("checkout.session.completed", public(session))

    def expire_session(self, session: Obj) -> None:
        session["status"] = "expired"
        self.emit("checkout.session.expired", public(session))


def public(obj: Obj) -> Obj:
    """The object as the API shows it (without the fake's private fields)."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def snapshot(value: Any) -> Any:
    """A deep copy as the API shows it: no private field at any depth."""
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [snapshot(v) for v in value]
    return copy.deepcopy(value)


def _one_line_item(params: Obj) -> tuple[int, str, str]:
    items = params.get("line_items")
    if not isinstance(items, list) or len(items) != 1:
        raise ApiError(400, "The fake takes exactly one line item", param="line_items")
    item = items[0]
    price = item.get("price_data") or {}
    try:
        amount = int(price["unit_amount"]) * int(item.get("quantity", 1))
    except (KeyError, ValueError):
        raise ApiError(400, "line_items[0][price_data][unit_amount] is required") from None
    if amount <= 0:
        raise ApiError(400, "The amount must be positive", param="line_items")
    name = str((price.get("product_data") or {}).get("name", ""))
    return amount, str(price.get("currency", "usd")), name
