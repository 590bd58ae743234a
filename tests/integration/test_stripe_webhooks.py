"""Webhooks from the fake Stripe, verified by the gateway (the real SDK's signature check):
every delivery signed when sent, forged or altered ones refused, late, triplicate and shuffled
deliveries carrying the same ids and contents, immediate delivery to a URL."""

from __future__ import annotations

import dataclasses
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from practicerunner.adapters.stripe_fake import FakeStripeServer, payments
from practicerunner.adapters.stripe_fake.webhooks import signature_header
from practicerunner.adapters.stripe_gateway import WEBHOOK_PATH, StripeGateway, WebhookRejected
from practicerunner.bootstrap.payments import stripe_for_serving
from practicerunner.config import Settings
from tests.support.stripe import WebhookReceiver, debit


def test_every_delivery_is_signed_so_the_sdk_verifies_it(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    debit(stripe_gateway, "000123456789")
    deliveries = fake_stripe.fake.webhooks.release()

    assert deliveries and {d.status for d in deliveries} == {200}
    assert [e.id for e in webhook_receiver.arrivals] == [e["id"] for e in fake_stripe.fake.events]
    assert webhook_receiver.refused == 0
    assert not any(_private_fields(e.data) for e in webhook_receiver.arrivals)


def _private_fields(value: object) -> list[str]:
    """Keys of the fake's own bookkeeping (``_seq``...) anywhere in a payload."""
    if isinstance(value, dict):
        own = [k for k in value if str(k).startswith("_")]
        return own + [k for v in value.values() for k in _private_fields(v)]
    if isinstance(value, list):
        return [k for v in value for k in _private_fields(v)]
    return []


@pytest.mark.parametrize(
    "forge",
    [
        "t={t},v1=" + "0" * 64,  # a made-up MAC
        "t={t}",  # no v1 signature
        "",  # no header at all
        "other",  # not a Stripe-Signature
        "wrong-secret",  # signed with another endpoint's secret
        "too-old",  # a genuine signature replayed after the tolerance
    ],
)
def test_a_delivery_that_does_not_verify_is_refused_with_400(
    fake_stripe: FakeStripeServer,
    stripe_gateway: StripeGateway,
    webhook_receiver: WebhookReceiver,
    forge: str,
) -> None:
    stripe_gateway.ensure_customer("payer-forge")
    (event,) = fake_stripe.fake.webhooks.held()
    body = httpx.Request("POST", "http://x", json=event).content
    header = {
        "wrong-secret": signature_header(body, "whsec_other"),
        "too-old": signature_header(body, fake_stripe.secret, timestamp=1_700_000_000),
    }.get(forge, forge.replace("{t}", "1800000000"))

    delivery = fake_stripe.fake.webhooks.deliver(event, signature=header)

    assert delivery.status == 400
    assert (webhook_receiver.refused, webhook_receiver.arrivals) == (1, [])


def test_a_body_changed_after_signing_is_refused(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> None:
    body = b'{"id": "evt_1", "type": "payment_intent.succeeded", "created": 1, "data": {}}'
    header = signature_header(body, fake_stripe.secret)
    with pytest.raises(WebhookRejected):
        stripe_gateway.verify_webhook(body.replace(b"succeeded", b"processing"), header)
    with pytest.raises(WebhookRejected):  # signed, but not an event: refused, never a 500
        stripe_gateway.verify_webhook(b"[]", signature_header(b"[]", fake_stripe.secret))


def test_events_delivered_three_times_shuffled_carry_the_same_ids_and_contents(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    intent = debit(stripe_gateway, "000123456789")
    payments.settle(fake_stripe.fake, intent)
    stripe_gateway.refund(intent, amount_cents=5_000, idempotency_key="refund:1")
    created = [e["id"] for e in fake_stripe.fake.events]

    deliveries = fake_stripe.fake.webhooks.release(copies=3, shuffle=True, seed=7)

    arrived = [e.id for e in webhook_receiver.arrivals]
    assert len(deliveries) == 3 * len(created) and {d.status for d in deliveries} == {200}
    assert sorted(arrived) == sorted(created * 3)
    assert arrived[: len(created)] != created  # out of order
    for event_id, event in webhook_receiver.distinct().items():
        copies = [e for e in webhook_receiver.arrivals if e.id == event_id]
        assert copies == [event] * 3
    # Each event carries its object's state at that moment, so the webhook_receiver need not rely on
    # arrival order: the refund's event says the payment succeeded with 50.00 refunded.
    final = [
        e.payment
        for e in webhook_receiver.distinct().values()
        if e.type == "charge.refunded" and e.payment is not None
    ]
    assert [(p.outcome, p.amount_refunded_cents) for p in final] == [("succeeded", 5_000)]


def test_a_late_delivery_still_verifies_because_each_delivery_is_signed_when_sent(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    now = fake_stripe.fake.clock
    fake_stripe.fake.clock = lambda: now() - 3 * 86_400  # the events happened days ago
    stripe_gateway.ensure_customer("payer-late")
    fake_stripe.fake.clock = now

    (delivery,) = fake_stripe.fake.webhooks.release()

    (event,) = webhook_receiver.arrivals
    assert delivery.status == 200
    assert (now() - event.created.timestamp()) > 2 * 86_400


class _Collect(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, bytes, str]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append((self.path, self.rfile.read(length), self.headers["Stripe-Signature"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook_url() -> Iterator[tuple[str, list[tuple[str, bytes, str]]]]:
    received: list[tuple[str, bytes, str]] = []
    handler = type("Collect", (_Collect,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_immediate_delivery_posts_each_event_to_a_url_as_it_happens(
    fake_stripe: FakeStripeServer,
    stripe_gateway: StripeGateway,
    webhook_url: tuple[str, list[tuple[str, bytes, str]]],
) -> None:
    url, received = webhook_url
    fake_stripe.fake.webhooks.target = url + "/hooks/stripe"
    stripe_gateway.ensure_customer("payer-url")

    fake_stripe.fake.webhooks.wait_idle()

    ((path, body, signature),) = received
    assert path == "/hooks/stripe"
    event = stripe_gateway.verify_webhook(body, signature)
    assert (event.type, fake_stripe.fake.webhooks.deliveries[0].status) == (
        "customer.created",
        204,
    )


def test_serving_without_keys_starts_a_fake_whose_webhooks_reach_the_service(
    tmp_path: Path, webhook_url: tuple[str, list[tuple[str, bytes, str]]]
) -> None:
    base, received = webhook_url
    unconfigured = Settings.from_env(
        {"PRACTICERUNNER_DATA_DIR": str(tmp_path), "PRACTICERUNNER_PUBLIC_BASE_URL": base}
    )
    settings, server = stripe_for_serving(unconfigured, settle_after=None)
    try:
        gateway = StripeGateway.from_settings(settings)
        assert gateway is not None and StripeGateway.from_settings(unconfigured) is None
        gateway.ensure_customer("payer-demo")
        server.fake.webhooks.wait_idle()
    finally:
        server.stop()

    ((path, body, signature),) = received
    assert path == WEBHOOK_PATH
    assert gateway.verify_webhook(body, signature).type == "customer.created"
    configured = dataclasses.replace(settings, stripe_api_base=None)
    assert stripe_for_serving(configured) == (configured, None)  # real keys: no fake


def test_a_delivery_the_receiver_did_not_take_is_tried_again(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> None:
    answers = [503, 200]
    second = threading.Event()

    def flaky(body: bytes, headers: dict[str, str]) -> int:
        status = answers.pop(0)
        if not answers:
            second.set()
        return status

    fake_stripe.fake.webhooks.retry_after = (0.05,)
    fake_stripe.fake.webhooks.target = flaky
    stripe_gateway.ensure_customer("payer-retry")

    assert second.wait(10)
    fake_stripe.fake.webhooks.wait_idle()
    first, then = fake_stripe.fake.webhooks.deliveries
    assert (first.event_id, first.status, then.status) == (then.event_id, 503, 200)
