"""The fake Stripe server for tests (a pytest plugin, registered in ``tests/conftest.py``).

Fixtures:

* ``fake_stripe``: a ``FakeStripeServer`` on a free port of 127.0.0.1, running for the test;
  ``fake_stripe.fake`` is its state (``ledger(fake)``, ``fake.failures``, ``fake.webhooks``,
  ``payments.settle``/``return_payment`` for bank debits).
* ``stripe_gateway``: the real gateway (real ``stripe`` SDK) against it, without the SDK's own
  retries, so a test sees each failure.

``with_fake_stripe(settings, server)`` gives settings that point a Runtime at the fake.
``complete_checkout(url, ...)`` submits a hosted page as a browser would (a plain HTTP post).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest

from practicerunner.adapters.stripe_fake import FakeStripe, FakeStripeServer
from practicerunner.adapters.stripe_gateway import StripeGateway
from practicerunner.config import Settings

SECRET_KEY = "sk_test_fake_tests"
WEBHOOK_SECRET = "whsec_fake_tests"


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripeServer]:
    with FakeStripeServer(FakeStripe(webhook_secret=WEBHOOK_SECRET)) as server:
        yield server


@pytest.fixture
def stripe_gateway(fake_stripe: FakeStripeServer) -> StripeGateway:
    return gateway_for(fake_stripe)


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
