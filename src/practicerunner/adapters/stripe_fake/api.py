"""The fake's HTTP API: exactly the Stripe endpoints the gateway calls, form-encoded like
Stripe, with Idempotency-Key replay and the armed failures. Also ``/_fake/...`` for demos:
the ledger, settling bank debits, arming failures."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from practicerunner.adapters.stripe_fake import payments
from practicerunner.adapters.stripe_fake.forms import decode_form
from practicerunner.adapters.stripe_fake.idempotency import (
    IdempotencyStore,
    InFlight,
    ParametersDiffer,
    StoredAnswer,
)
from practicerunner.adapters.stripe_fake.state import ApiError, FakeStripe, Obj, public, snapshot

Operation = Callable[[FakeStripe, dict[str, str], Obj], Obj]


class DroppedAnswer(Response):
    """Sends the status line and headers, then ends without the body: the server closes the
    connection, and the client sees it cut mid-answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"999")],
            }
        )


def _error(status: int, message: str, **fields: Any) -> JSONResponse:
    return JSONResponse({"error": {"message": message, **fields}}, status_code=status)


def endpoint(fake: FakeStripe, store: IdempotencyStore, operation: Operation) -> Any:
    async def handle(request: Request) -> Response:
        method, path = request.method, request.url.path
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or len(auth) <= len("Bearer "):
            return _error(401, "You did not provide an API key.", type="invalid_request_error")
        params = decode_form(await request.body() if method == "POST" else request.url.query)
        key = request.headers.get("idempotency-key") if method == "POST" else None
        with fake.lock:
            fake.requests.append((method, path, key))
        rule = fake.failures.take(method, path)
        if rule and rule.kind == "error":
            return _error(rule.status, "An error occurred with our connection to Stripe.")
        if key:
            fingerprint = store.fingerprint(method, path, {**params, "expand": None})
            try:
                stored = store.begin(auth, key, fingerprint)
            except ParametersDiffer:
                return _error(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with.",
                    type="idempotency_error",
                )
            except InFlight:
                return _error(
                    409,
                    "There is currently another in-progress request using this Stripe API "
                    "key and idempotency key.",
                    type="idempotency_error",
                )
            if stored is not None:
                return JSONResponse(
                    stored.body, stored.status, headers={"Idempotent-Replayed": "true"}
                )
        if rule and rule.kind == "slow_before":
            await asyncio.sleep(rule.seconds)
        answer, keep = _run(fake, operation, request.path_params, params)
        if key and keep:
            store.finish(auth, key, answer)
        elif key:
            store.forget(auth, key)
        if rule and rule.kind == "slow":
            await asyncio.sleep(rule.seconds)
        if rule and rule.kind == "drop":
            return DroppedAnswer(status_code=answer.status)
        return JSONResponse(answer.body, answer.status)

    return handle


def _run(
    fake: FakeStripe, operation: Operation, path: dict[str, str], params: Obj
) -> tuple[StoredAnswer, bool]:
    """Runs the operation under the fake's lock and snapshots its answer; says whether the
    answer is kept for its idempotency key (not for refused parameters, as at Stripe)."""
    with fake.lock:
        try:
            obj = operation(fake, path, params)
            return StoredAnswer(200, _expanded(fake, obj, params.get("expand") or [])), True
        except ApiError as e:
            return StoredAnswer(e.status, snapshot(e.body)), e.stored


def _expanded(fake: FakeStripe, obj: Obj, expand: list[str]) -> Obj:
    body = snapshot(obj)
    for path in expand:
        target = body
        *parents, last = path.split(".")
        for name in parents:
            target = target.get(name) or {}
        value = target.get(last) if isinstance(target, dict) else None
        if isinstance(value, str) and value in fake.objects:
            target[last] = snapshot(fake.objects[value])
    return body


# -- the operations: (fake, path parameters, form parameters) -> object -------------------


def _create_customer(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.create_customer(q)


def _customer(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.customer(p["id"])


def _customer_methods(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.customer_methods(p["id"], q)


def _detach(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.detach(p["id"])


def _create_session(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.create_checkout_session(q)


def _session(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.checkout_session(p["id"])


def _create_intent(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return payments.create_payment_intent(f, q)


def _intent(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return f.get(p["id"], "payment_intent", "intent")


def _confirm(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return payments.confirm(f, p["id"], q)


def _create_refund(f: FakeStripe, p: dict[str, str], q: Obj) -> Obj:
    return payments.create_refund(f, q)


def api_routes(fake: FakeStripe) -> list[Route]:
    store = IdempotencyStore()

    def route(path: str, method: str, operation: Operation) -> Route:
        return Route(path, endpoint(fake, store, operation), methods=[method])

    return [
        route("/v1/customers", "POST", _create_customer),
        route("/v1/customers/{id}", "GET", _customer),
        route("/v1/customers/{id}/payment_methods", "GET", _customer_methods),
        route("/v1/payment_methods/{id}/detach", "POST", _detach),
        route("/v1/checkout/sessions", "POST", _create_session),
        route("/v1/checkout/sessions/{id}", "GET", _session),
        route("/v1/payment_intents", "POST", _create_intent),
        route("/v1/payment_intents/{id}", "GET", _intent),
        route("/v1/payment_intents/{id}/confirm", "POST", _confirm),
        route("/v1/refunds", "POST", _create_refund),
        *control_routes(fake),
    ]


def control_routes(fake: FakeStripe) -> list[Route]:
    """For demos and other processes: not Stripe's, never called by the gateway."""

    async def ledger(request: Request) -> Response:
        return JSONResponse([vars(e) for e in payments.ledger(fake)])

    async def settle(request: Request) -> Response:
        outcome = request.query_params.get("outcome")
        try:
            intent = payments.settle(fake, request.path_params["id"], outcome)
        except ApiError as e:
            return JSONResponse(e.body, e.status)
        return JSONResponse(public(intent))

    async def return_debit(request: Request) -> Response:
        try:
            intent = payments.return_payment(fake, request.path_params["id"])
        except ApiError as e:
            return JSONResponse(e.body, e.status)
        return JSONResponse(public(intent))

    async def arm(request: Request) -> Response:
        body = json.loads(await request.body() or b"{}")
        kind = body.get("kind")
        if kind == "decline":
            fake.failures.decline_next_charge(body.get("decline_code", "generic_decline"))
        elif kind == "drop":
            fake.failures.drop_connection_after(body.get("route", "POST /v1/payment_intents"))
        elif kind == "slow":
            fake.failures.slow(body["route"], float(body["seconds"]))
        else:
            return _error(400, "kind is decline, drop or slow")
        return JSONResponse({"armed": kind})

    return [
        Route("/_fake/ledger", ledger, methods=["GET"]),
        Route("/_fake/payment_intents/{id}/settle", settle, methods=["POST"]),
        Route("/_fake/payment_intents/{id}/return", return_debit, methods=["POST"]),
        Route("/_fake/failures", arm, methods=["POST"]),
    ]
