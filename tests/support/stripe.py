"""The fake Stripe server for tests (a pytest plugin, registered in ``tests/conftest.py``).

Fixtures:

* ``fake_stripe``: a ``FakeStripeServer`` on a free port of 127.0.0.1, running for the test;
  ``fake_stripe.fake`` is its state (``ledger(fake)``, ``fake.failures``, ``fake.webhooks``,
  ``payments.settle``/``return_payment`` for bank debits).
* ``stripe_gateway``: the real gateway (real ``stripe`` SDK) against it, without the SDK's own
  retries, so a test sees each failure.
* ``paying``: a Runtime on the fake and the real API over it, with the fake's webhooks held
  (``release`` delivers them to the API's webhook route).

``with_fake_stripe(settings, server)`` gives settings that point a Runtime at the fake.
``complete_checkout(url, ...)`` submits a hosted page as a browser would (a plain HTTP post);
``saved_method`` and ``debit`` set up a saved method and a pending bank debit;
``webhook_receiver`` holds the fake's webhooks for a ``WebhookReceiver`` that verifies them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripe, FakeStripeServer
from practicerunner.adapters.stripe_gateway import StripeGateway, WebhookEvent, WebhookRejected
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings

SECRET_KEY = "sk_test_fake_tests"
WEBHOOK_SECRET = "whsec_fake_tests"
SETUP_SUCCESS = "http://practice.test/done?s={CHECKOUT_SESSION_ID}"
SETUP_CANCEL = "http://practice.test/back"


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripeServer]:
    with FakeStripeServer(FakeStripe(webhook_secret=WEBHOOK_SECRET)) as server:
        yield server


@pytest.fixture
def stripe_gateway(fake_stripe: FakeStripeServer) -> StripeGateway:
    return gateway_for(fake_stripe)


@pytest.fixture
def paying(
    settings: Settings, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> Iterator[tuple[Runtime, TestClient]]:
    rt = Runtime(with_fake_stripe(settings, fake_stripe), clock=clock)
    with TestClient(create_app(rt, background=True)) as client:
        fake_stripe.fake.webhooks.hold()
        fake_stripe.fake.webhooks.target = lambda body, headers: (
            client.post("/billing/stripe/webhook", content=body, headers=headers).status_code
        )
        yield rt, client
    rt.close()


def gateway_for(server: FakeStripeServer, timeout_seconds: float = 10.0) -> StripeGateway:
    return StripeGateway(
        SECRET_KEY,
        api_base=server.url,
        webhook_secret=server.secret,
        timeout_seconds=timeout_seconds,
        max_network_retries=0,
    )


def with_fake_stripe(settings: Settings, server: FakeStripeServer) -> Settings:
    return dataclasses.replace(
        settings,
        stripe_api_base=server.url,
        stripe_secret_key=SECRET_KEY,
        stripe_webhook_secret=server.secret,
    )


def complete_checkout(url: str, **form: str) -> httpx.Response:
    """Posts the hosted page's form: ``kind="card", number=...`` or ``kind="us_bank_account",
    routing=..., account=...``. Answers the fake's response (303 to the success URL)."""
    fields = {"kind": "card", "number": "4242424242424242", "expiry": "12/34", **form}
    if fields["kind"] == "us_bank_account":
        fields = {"routing": "110000000", "account": "000123456789", **form}
    return httpx.post(url, data=fields, follow_redirects=False)


class WebhookReceiver:
    """A webhook endpoint reduced to its first step: verify on the raw body with the gateway
    (400 and nothing recorded when it does not verify), then record the event."""

    def __init__(self, gateway: StripeGateway) -> None:
        self.gateway = gateway
        self.arrivals: list[WebhookEvent] = []
        self.refused = 0

    def __call__(self, body: bytes, headers: dict[str, str]) -> int:
        try:
            event = self.gateway.verify_webhook(body, headers.get("Stripe-Signature"))
        except WebhookRejected:
            self.refused += 1
            return 400
        self.arrivals.append(event)
        return 200

    def distinct(self) -> dict[str, WebhookEvent]:
        return {e.id: e for e in self.arrivals}


@pytest.fixture
def webhook_receiver(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> WebhookReceiver:
    """The fake's webhooks held back (``release`` delivers them) for a ``WebhookReceiver``."""
    found = WebhookReceiver(stripe_gateway)
    fake_stripe.fake.webhooks.target = found
    fake_stripe.fake.webhooks.hold()
    return found


def saved_method(gateway: StripeGateway, payer: str, **form: str) -> tuple[str, str]:
    """(customer id, payment method id) saved through the hosted setup page."""
    customer = gateway.ensure_customer(payer)
    page = gateway.start_setup(
        customer.id,
        success_url=SETUP_SUCCESS,
        cancel_url=SETUP_CANCEL,
        idempotency_key=f"setup:{payer}",
    )
    assert complete_checkout(page.url, **form).status_code == 303
    (method,) = gateway.list_methods(customer.id)
    return customer.id, method.id


def debit(gateway: StripeGateway, account: str, key: str = "charge:1") -> str:
    """A 200.00 bank debit from a test account number, pending: its PaymentIntent id."""
    customer, method = saved_method(
        gateway, f"payer-{account}", kind="us_bank_account", account=account
    )
    payment = gateway.charge(
        customer_id=customer, payment_method_id=method, amount_cents=20_000, idempotency_key=key
    )
    assert payment.outcome == "processing"
    return payment.id


def payment_events(receiver: WebhookReceiver, intent_id: str) -> list[tuple[str, str]]:
    return [
        (e.type, e.payment.outcome)
        for e in receiver.arrivals
        if e.payment is not None and e.payment.id == intent_id
    ]
