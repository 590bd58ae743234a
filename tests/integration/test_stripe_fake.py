"""The fake Stripe server as Stripe's stand-in: bank debits that stay pending and then succeed,
fail or come back; Idempotency-Key rules over raw HTTP; Stripe's form encoding; the hosted
pages a browser sees."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stripe._encode import _api_encode

from practicerunner.adapters.stripe_fake import FakeStripeServer, ledger, payments
from practicerunner.adapters.stripe_fake.forms import decode_form
from practicerunner.adapters.stripe_gateway import StripeGateway
from tests.support.stripe import (
    SECRET_KEY,
    WebhookReceiver,
    complete_checkout,
    debit,
    payment_events,
    saved_method,
)

SUCCESS = "http://practice.test/done?s={CHECKOUT_SESSION_ID}"
CANCEL = "http://practice.test/back"


# -- bank debits ------------------------------------------------------------------------


def test_a_bank_debit_is_pending_until_the_bank_settles_it(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    intent = debit(stripe_gateway, "000123456789")
    assert [e.status for e in ledger(fake_stripe.fake)] == ["pending"]

    payments.settle(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    assert stripe_gateway.payment(intent).outcome == "succeeded"
    assert payment_events(webhook_receiver, intent) == [
        ("payment_intent.created", "requires_action"),
        ("charge.pending", "processing"),
        ("payment_intent.processing", "processing"),
        ("charge.succeeded", "succeeded"),
        ("payment_intent.succeeded", "succeeded"),
    ]
    assert [e.status for e in ledger(fake_stripe.fake)] == ["succeeded"]


def test_a_bank_debit_can_fail_after_days_pending(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    intent = debit(stripe_gateway, "000111111116")
    payments.settle(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    failed = stripe_gateway.payment(intent)
    assert (failed.outcome, failed.failure_code) == ("failed", "insufficient_funds")
    assert payment_events(webhook_receiver, intent)[-2:] == [
        ("charge.failed", "failed"),
        ("payment_intent.payment_failed", "failed"),
    ]
    assert ledger(fake_stripe.fake, status="succeeded") == []


def test_a_succeeded_bank_debit_can_be_returned(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
) -> None:
    intent = debit(stripe_gateway, "000999999991")
    payments.settle(fake_stripe.fake, intent)
    payments.return_payment(fake_stripe.fake, intent)
    fake_stripe.fake.webhooks.release()

    returned = stripe_gateway.payment(intent)
    assert (returned.outcome, returned.failure_code) == ("returned", "debit_not_authorized")
    last = webhook_receiver.arrivals[-1]
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
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway, webhook_receiver: WebhookReceiver
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
    last = webhook_receiver.arrivals[-1]
    assert last.type == "checkout.session.async_payment_succeeded"
    assert last.checkout is not None and last.checkout.metadata == {"invoice_id": "inv-8"}


def test_the_demo_ledger_page_plays_the_bank_for_pending_debits(
    fake_stripe: FakeStripeServer, stripe_gateway: StripeGateway
) -> None:
    intent = debit(stripe_gateway, "000123456789")
    listed = httpx.get(fake_stripe.url + "/_fake/")
    assert listed.status_code == 200 and "$200.00" in listed.text and "pending" in listed.text

    settled = httpx.post(f"{fake_stripe.url}/_fake/bank/{intent}/succeeded")
    returned = httpx.post(f"{fake_stripe.url}/_fake/bank/{intent}/returned")
    again = httpx.post(f"{fake_stripe.url}/_fake/bank/{intent}/succeeded")

    assert (settled.status_code, returned.status_code, again.status_code) == (303, 303, 400)
    assert stripe_gateway.payment(intent).outcome == "returned"
    assert "returned" in httpx.get(fake_stripe.url + "/_fake/").text
