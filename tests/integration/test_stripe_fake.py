"""The fake Stripe server as Stripe's stand-in: bank debits that stay pending and then succeed,
fail or come back; webhooks signed like Stripe's and verified by the gateway (the real SDK's
check), delivered late, several times and out of order; Idempotency-Key rules over raw HTTP;
Stripe's form encoding; the hosted pages a browser sees."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stripe._encode import _api_encode

from practicerunner.adapters.stripe_fake import FakeStripeServer, ledger, payments
from practicerunner.adapters.stripe_fake.forms import decode_form
from practicerunner.adapters.stripe_fake.webhooks import signature_header
from practicerunner.adapters.stripe_gateway import StripeGateway, WebhookEvent, WebhookRejected
from tests.support.stripe import SECRET_KEY, complete_checkout

SUCCESS = "http://practice.test/done?s={CHECKOUT_SESSION_ID}"
CANCEL = "http://practice.test/back"


class Receiver:
    """A webhook endpoint as the service will have one: verify on the raw body (400 and
    nothing recorded when it does not verify), record each event id once."""

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
def receiver(fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway) -> Receiver:
    found = Receiver(stripe_gateway)
    fake_stripe.fake.webhooks.target = found
    fake_stripe.fake.webhooks.hold()
    return found


def saved_method(gateway: StripeGateway, payer: str, **form: str) -> tuple[str, str]:
    customer = gateway.ensure_customer(payer)
    page = gateway.start_setup(
        customer.id, success_url=SUCCESS, cancel_url=CANCEL, idempotency_key=f"setup:{payer}"
    )
    assert complete_checkout(page.url, **form).status_code == 303
    (method,) = gateway.list_methods(customer.id)
    return customer.id, method.id


def debit(gateway: StripeGateway, account: str, key: str = "charge:1") -> str:
    customer, method = saved_method(
        gateway, f"payer-{account}", kind="us_bank_account", account=account
    )
    payment = gateway.charge(
        customer_id=customer, payment_method_id=method, amount_cents=20_000, idempotency_key=key
    )
    assert payment.outcome == "processing"
    return payment.id


def payment_events(receiver: Receiver, intent_id: str) -> list[tuple[str, str]]:
    return [
        (e.type, e.payment.outcome)
        for e in receiver.arrivals
        if e.payment is not None and e.payment.id == intent_id
    ]


# -- bank debits ------------------------------------------------------------------------


def test_a_bank_debit_is_pending_until_the_bank_settles_it(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    intent = debit(stripe_gateway, "000123456789")
    assert [e.status for e in ledger(fake_stripe.fake)] == ["pending"]

    payments.settle(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    assert stripe_gateway.payment(intent).outcome == "succeeded"
    assert payment_events(receiver, intent) == [
        ("payment_intent.created", "requires_action"),
        ("charge.pending", "processing"),
        ("payment_intent.processing", "processing"),
        ("charge.succeeded", "succeeded"),
        ("payment_intent.succeeded", "succeeded"),
    ]
    assert [e.status for e in ledger(fake_stripe.fake)] == ["succeeded"]


def test_a_bank_debit_can_fail_after_days_pending(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    intent = debit(stripe_gateway, "000111111116")
    payments.settle(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    failed = stripe_gateway.payment(intent)
    assert (failed.outcome, failed.failure_code) == ("failed", "insufficient_funds")
    assert payment_events(receiver, intent)[-2:] == [
        ("charge.failed", "failed"),
        ("payment_intent.payment_failed", "failed"),
    ]
    assert ledger(fake_stripe.fake, status="succeeded") == []


def test_a_succeeded_bank_debit_can_be_returned(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    intent = debit(stripe_gateway, "000999999991")
    payments.settle(fake_stripe.fake, intent)
    payments.return_payment(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    returned = stripe_gateway.payment(intent)
    assert (returned.outcome, returned.failure_code) == ("returned", "debit_not_authorized")
    last = receiver.arrivals[-1]
    assert last.type == "charge.failed"
    assert last.payment is not None
    assert (last.payment.id, last.payment.outcome) == (intent, "returned")
    (entry,) = ledger(fake_stripe.fake)
    assert (entry.status, entry.returned) == ("failed", True)


def test_a_card_payment_cannot_be_returned_like_a_debit(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> None:
    customer, method = saved_method(stripe_gateway, "payer-card", kind="card")
    paid = stripe_gateway.charge(
        customer_id=customer, payment_method_id=method, amount_cents=100, idempotency_key="c"
    )
    with pytest.raises(payments.ApiError):
        payments.return_payment(fake_stripe.fake, paid.id)


# -- webhooks ---------------------------------------------------------------------------


def test_every_delivery_is_signed_so_the_sdk_verifies_it(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    debit(stripe_gateway, "000123456789")
    deliveries = fake_stripe.fake.webhooks.release()

    assert deliveries and {d.status for d in deliveries} == {200}
    assert [e.id for e in receiver.arrivals] == [e["id"] for e in fake_stripe.fake.events]
    assert receiver.refused == 0


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
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver, forge: str
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
    assert (receiver.refused, receiver.arrivals) == (1, [])


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
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    intent = debit(stripe_gateway, "000123456789")
    payments.settle(fake_stripe.fake, intent)
    stripe_gateway.refund(intent, amount_cents=5_000, idempotency_key="refund:1")
    created = [e["id"] for e in fake_stripe.fake.events]

    deliveries = fake_stripe.fake.webhooks.release(copies=3, shuffle=True, seed=7)

    arrived = [e.id for e in receiver.arrivals]
    assert len(deliveries) == 3 * len(created) and {d.status for d in deliveries} == {200}
    assert sorted(arrived) == sorted(created * 3)
    assert arrived[: len(created)] != created  # out of order
    for event_id, event in receiver.distinct().items():
        copies = [e for e in receiver.arrivals if e.id == event_id]
        assert copies == [event] * 3
    # Each event carries its object's state at that moment, so the receiver need not rely on
    # arrival order: the refund's event says the payment succeeded with 50.00 refunded.
    final = [
        e.payment
        for e in receiver.distinct().values()
        if e.type == "charge.refunded" and e.payment is not None
    ]
    assert [(p.outcome, p.amount_refunded_cents) for p in final] == [("succeeded", 5_000)]


def test_a_late_delivery_still_verifies_because_each_delivery_is_signed_when_sent(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    now = fake_stripe.fake.clock
    fake_stripe.fake.clock = lambda: now() - 3 * 86_400  # the events happened days ago
    stripe_gateway.ensure_customer("payer-late")
    fake_stripe.fake.clock = now

    (delivery,) = fake_stripe.fake.webhooks.release()

    (event,) = receiver.arrivals
    assert delivery.status == 200
    assert (now() - event.created.timestamp()) > 2 * 86_400


class _Collect(http.server.BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append((self.rfile.read(length), self.headers["Stripe-Signature"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def webhook_url() -> Iterator[tuple[str, list[tuple[bytes, str]]]]:
    received: list[tuple[bytes, str]] = []
    handler = type("Collect", (_Collect,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/billing/stripe/webhook", received
    server.shutdown()
    server.server_close()


def test_immediate_delivery_posts_each_event_to_a_url_as_it_happens(
    fake_stripe: FakeStripeServer,
    stripe_gateway: StripeGateway,
    webhook_url: tuple[str, list[tuple[bytes, str]]],
) -> None:
    url, received = webhook_url
    fake_stripe.fake.webhooks.target = url
    stripe_gateway.ensure_customer("payer-url")

    fake_stripe.fake.webhooks.wait_idle()

    ((body, signature),) = received
    event = stripe_gateway.verify_webhook(body, signature)
    assert (event.type, fake_stripe.fake.webhooks.deliveries[0].status) == (
        "customer.created",
        204,
    )


# -- Idempotency-Key over raw HTTP --------------------------------------------------------


def post(server: FakeStripeServer, path: str, data: dict[str, str], **headers: str) -> Any:
    return httpx.post(
        server.url + path,
        data=data,
        headers={"Authorization": f"Bearer {headers.pop('key', SECRET_KEY)}", **headers},
    )


def test_idempotency_keys_replay_per_api_key_and_refuse_other_parameters(
    fake_stripe: FakeStripeServer,
) -> None:
    first = post(fake_stripe, "/v1/customers", {"email": "a@x.test"}, **{"Idempotency-Key": "k"})
    again = post(fake_stripe, "/v1/customers", {"email": "a@x.test"}, **{"Idempotency-Key": "k"})
    other = post(fake_stripe, "/v1/customers", {"email": "b@x.test"}, **{"Idempotency-Key": "k"})
    elsewhere = post(
        fake_stripe, "/v1/customers", {"email": "a@x.test"}, key="sk_2", **{"Idempotency-Key": "k"}
    )

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (other.status_code, other.json()["error"]["type"]) == (400, "idempotency_error")
    assert elsewhere.json()["id"] != first.json()["id"]
    assert len(fake_stripe.fake.all("customer")) == 2


def test_refused_parameters_are_not_stored_so_the_key_may_be_used_again(
    fake_stripe: FakeStripeServer,
) -> None:
    bad = post(fake_stripe, "/v1/payment_intents", {"amount": "-5"}, **{"Idempotency-Key": "k"})
    good = post(
        fake_stripe,
        "/v1/payment_intents",
        {"amount": "500", "currency": "usd"},
        **{"Idempotency-Key": "k"},
    )
    assert (bad.status_code, bad.json()["error"]["param"]) == (400, "amount")
    assert (good.status_code, good.json()["status"]) == (200, "requires_payment_method")


def test_a_request_without_an_api_key_is_refused(fake_stripe: FakeStripeServer) -> None:
    answer = httpx.post(fake_stripe.url + "/v1/customers", data={})
    assert answer.status_code == 401
    assert fake_stripe.fake.all("customer") == []


# -- Stripe's form encoding -----------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_characters="[]"), min_size=1, max_size=8)
_values = st.recursive(
    _text,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(_text.filter(lambda k: not k.isdigit()), inner, min_size=1, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_text.filter(lambda k: not k.isdigit()), _values, max_size=4))
def test_the_fake_decodes_whatever_the_sdk_encodes(params: dict[str, Any]) -> None:
    encoded = httpx.QueryParams(list(_api_encode(params))).__str__()
    assert decode_form(encoded) == params


# -- hosted pages ----------------------------------------------------------------------------


def test_the_hosted_payment_page_shows_a_decline_and_stays_open_for_another_card(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> None:
    page = stripe_gateway.start_payment_page(
        amount_cents=8_050,
        description="Invoice 2026-0007",
        success_url=SUCCESS,
        cancel_url=CANCEL,
        idempotency_key="paylink:7",
    )
    shown = httpx.get(page.url)
    assert shown.status_code == 200
    assert "Pay $80.50" in shown.text and "Invoice 2026-0007" in shown.text

    declined = complete_checkout(page.url, kind="card", number="4000 0000 0000 0002")
    unknown = complete_checkout(page.url, kind="card", number="1234 5678 9012 3456")
    paid = complete_checkout(page.url, kind="card")

    assert declined.status_code == 402 and "Your card was declined." in declined.text
    assert unknown.status_code == 402 and "test card" in unknown.text
    assert paid.status_code == 303
    assert [e.status for e in ledger(fake_stripe.fake)] == ["failed", "succeeded"]
    assert len({e.payment_intent_id for e in ledger(fake_stripe.fake)}) == 1
    assert httpx.get(page.url).status_code == 410  # a completed page is no longer open


def test_a_pay_link_paid_by_bank_debit_is_paid_when_the_debit_settles(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, receiver: Receiver
) -> None:
    page = stripe_gateway.start_payment_page(
        amount_cents=12_000,
        description="Invoice 2026-0008",
        success_url=SUCCESS,
        cancel_url=CANCEL,
        idempotency_key="paylink:8",
        metadata={"invoice_id": "inv-8"},
    )
    assert complete_checkout(page.url, kind="us_bank_account").status_code == 303
    pending = stripe_gateway.checkout(page.id)
    assert (pending.status, pending.payment_status) == ("complete", "unpaid")

    payments.settle(fake_stripe.fake, pending.payment_intent_id or "")
    fake_stripe.fake.webhooks.release()

    assert stripe_gateway.checkout(page.id).payment_status == "paid"
    last = receiver.arrivals[-1]
    assert last.type == "checkout.session.async_payment_succeeded"
    assert last.checkout is not None and last.checkout.metadata == {"invoice_id": "inv-8"}
