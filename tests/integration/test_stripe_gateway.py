"""The Stripe gateway, through the real ``stripe`` SDK, against the fake Stripe server: saved
methods through hosted pages, charges that are never made twice, declines, refunds, pay links."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practicerunner.adapters.stripe_fake import FakeStripeServer, ledger
from practicerunner.adapters.stripe_gateway import (
    GatewayRefused,
    GatewayUnavailable,
    IdempotencyKeyReused,
    SavedMethod,
    StripeGateway,
)
from tests.support.stripe import complete_checkout, gateway_for

SUCCESS = "http://practice.test/billing/methods/saved?session={CHECKOUT_SESSION_ID}"
CANCEL = "http://practice.test/billing/methods"


def saved_card(
    gateway: StripeGateway, payer: str = "payer-1", number: str = "4242424242424242"
) -> tuple[str, SavedMethod]:
    customer = gateway.ensure_customer(payer)
    page = gateway.start_setup(
        customer.id, success_url=SUCCESS, cancel_url=CANCEL, idempotency_key=f"setup:{payer}"
    )
    answer = complete_checkout(page.url, kind="card", number=number)
    assert answer.status_code == 303
    (method,) = gateway.list_methods(customer.id)
    return customer.id, method


def charged(server: FakeStripeServer) -> list[str]:
    return [e.payment_intent_id for e in ledger(server.fake, status="succeeded")]


def test_a_card_saved_on_the_hosted_setup_page_is_listed_and_can_be_detached(
    stripe_gateway: StripeGateway,
) -> None:
    customer = stripe_gateway.ensure_customer("payer-1")
    page = stripe_gateway.start_setup(
        customer.id, success_url=SUCCESS, cancel_url=CANCEL, idempotency_key="setup:1"
    )
    answer = complete_checkout(page.url, kind="card", number="5555 5555 5555 4444")

    back = urlsplit(answer.headers["location"])
    assert (back.netloc, parse_qs(back.query)["session"]) == ("practice.test", [page.id])
    outcome = stripe_gateway.checkout(page.id)
    (method,) = stripe_gateway.list_methods(customer.id)
    assert (outcome.status, outcome.payment_method_id) == ("complete", method.id)
    assert (method.kind, method.brand, method.last4, method.label) == (
        "card",
        "mastercard",
        "4444",
        "Mastercard ending 4444",
    )
    stripe_gateway.detach_method(method.id)
    assert stripe_gateway.list_methods(customer.id) == []


def test_a_bank_account_is_saved_and_two_racing_ensures_make_one_customer(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    first = stripe_gateway.ensure_customer("payer-7")
    again = stripe_gateway.ensure_customer("payer-7")
    assert again == first
    assert stripe_gateway.ensure_customer("payer-7", existing_id=first.id) == first
    assert len(fake_stripe.fake.all("customer")) == 1

    page = stripe_gateway.start_setup(
        first.id, success_url=SUCCESS, cancel_url=CANCEL, idempotency_key="setup:7"
    )
    assert complete_checkout(page.url, kind="us_bank_account").status_code == 303
    (method,) = stripe_gateway.list_methods(first.id)
    assert (method.kind, method.last4, method.label) == (
        "us_bank_account",
        "6789",
        "STRIPE TEST BANK ending 6789",
    )


def test_saved_methods_are_listed_newest_first(stripe_gateway: StripeGateway) -> None:
    customer = stripe_gateway.ensure_customer("payer-2")
    for number in ("4242424242424242", "5555555555554444", "4000000000009995"):
        page = stripe_gateway.start_setup(
            customer.id, success_url=SUCCESS, cancel_url=CANCEL, idempotency_key=f"s:{number}"
        )
        complete_checkout(page.url, kind="card", number=number)
    assert [m.last4 for m in stripe_gateway.list_methods(customer.id)] == ["9995", "4444", "4242"]


def test_a_replayed_charge_answers_the_same_payment_and_charges_once(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=12_500)

    first = stripe_gateway.charge(**args, idempotency_key="charge:inv-1:1")
    again = stripe_gateway.charge(**args, idempotency_key="charge:inv-1:1")

    assert first.outcome == "succeeded"
    assert again == first
    assert charged(fake_stripe) == [first.id]
    # Only the caller's keys reached Stripe: the SDK's own random keys were never used.
    keys = [key for method, path, key in fake_stripe.fake.requests if method == "POST"]
    assert keys == ["customer:payer-1:", "setup:payer-1", "charge:inv-1:1", "charge:inv-1:1"]


def test_the_same_key_with_other_parameters_is_refused_and_charges_nothing_more(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    first = stripe_gateway.charge(
        customer_id=customer, payment_method_id=method.id, amount_cents=5_000, idempotency_key="k"
    )
    with pytest.raises(IdempotencyKeyReused):
        stripe_gateway.charge(
            customer_id=customer,
            payment_method_id=method.id,
            amount_cents=5_001,
            idempotency_key="k",
        )
    assert charged(fake_stripe) == [first.id]


@pytest.mark.parametrize(
    ("number", "decline_code"),
    [("4000000000009995", "insufficient_funds"), ("4000000000000341", "generic_decline")],
)
def test_a_declined_card_answers_a_failed_payment_and_its_replay_tries_no_second_time(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer, number: str, decline_code: str
) -> None:
    customer, method = saved_card(stripe_gateway, number=number)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=9_000)

    declined = stripe_gateway.charge(**args, idempotency_key="charge:inv-2:1")
    replayed = stripe_gateway.charge(**args, idempotency_key="charge:inv-2:1")

    assert (declined.outcome, declined.failure_code, declined.decline_code) == (
        "failed",
        "card_declined",
        decline_code,
    )
    assert replayed == declined
    assert [(e.payment_intent_id, e.status) for e in ledger(fake_stripe.fake)] == [
        (declined.id, "failed")
    ]


def test_a_decline_armed_on_the_fake_declines_a_good_card_once(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=9_000)
    fake_stripe.fake.failures.decline_next_charge("card_velocity_exceeded")

    declined = stripe_gateway.charge(**args, idempotency_key="charge:inv-3:1")
    retried = stripe_gateway.charge(**args, idempotency_key="charge:inv-3:2")

    assert (declined.outcome, declined.decline_code) == ("failed", "card_velocity_exceeded")
    assert retried.outcome == "succeeded"
    assert charged(fake_stripe) == [retried.id]


def test_a_connection_cut_after_the_charge_then_a_retry_with_the_same_key_charges_once(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=7_700)
    fake_stripe.fake.failures.drop_connection_after("POST /v1/payment_intents")

    with pytest.raises(GatewayUnavailable):
        stripe_gateway.charge(**args, idempotency_key="charge:inv-4:1")
    (made,) = charged(fake_stripe)  # Stripe did charge: the caller only lost the answer

    retried = stripe_gateway.charge(**args, idempotency_key="charge:inv-4:1")
    assert (retried.id, retried.outcome) == (made, "succeeded")
    assert charged(fake_stripe) == [made]


def test_a_slow_answer_times_out_and_the_retry_gets_the_recorded_charge(
    fake_stripe: FakeStripeServer,
) -> None:
    gateway = gateway_for(fake_stripe, timeout_seconds=0.3)
    customer, method = saved_card(gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=4_200)
    fake_stripe.fake.failures.slow("POST /v1/payment_intents", seconds=1.5)

    with pytest.raises(GatewayUnavailable):
        gateway.charge(**args, idempotency_key="charge:inv-5:1")
    retried = gateway.charge(**args, idempotency_key="charge:inv-5:1")
    assert charged(fake_stripe) == [retried.id]


def test_the_same_charge_sent_twice_at_once_is_refused_while_in_flight_and_charged_once(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=3_300)
    fake_stripe.fake.failures.slow("POST /v1/payment_intents", seconds=1.0, before=True)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(stripe_gateway.charge, **args, idempotency_key="charge:inv-9:1")
        while sum(1 for r in fake_stripe.fake.requests if r[2] == "charge:inv-9:1") == 0:
            time.sleep(0.01)  # until the first request holds its key
        with pytest.raises(GatewayUnavailable):
            stripe_gateway.charge(**args, idempotency_key="charge:inv-9:1")
        made = first.result()
    assert stripe_gateway.charge(**args, idempotency_key="charge:inv-9:1") == made
    assert charged(fake_stripe) == [made.id]


def test_a_server_error_before_the_request_ran_is_unavailable_and_a_retry_charges_once(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    args = dict(customer_id=customer, payment_method_id=method.id, amount_cents=1_000)
    fake_stripe.fake.failures.error_before("POST /v1/payment_intents", status=503)

    with pytest.raises(GatewayUnavailable):
        stripe_gateway.charge(**args, idempotency_key="charge:inv-6:1")
    assert charged(fake_stripe) == []
    paid = stripe_gateway.charge(**args, idempotency_key="charge:inv-6:1")
    assert charged(fake_stripe) == [paid.id]


def test_partial_and_full_refunds_never_exceed_what_was_paid(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    customer, method = saved_card(stripe_gateway)
    paid = stripe_gateway.charge(
        customer_id=customer, payment_method_id=method.id, amount_cents=10_000, idempotency_key="c"
    )

    part = stripe_gateway.refund(paid.id, amount_cents=2_500, idempotency_key="refund:1")
    assert stripe_gateway.refund(paid.id, amount_cents=2_500, idempotency_key="refund:1") == part
    with pytest.raises(GatewayRefused) as too_much:
        stripe_gateway.refund(paid.id, amount_cents=7_501, idempotency_key="refund:2")
    rest = stripe_gateway.refund(paid.id, idempotency_key="refund:3")

    assert (part.amount_cents, part.status, rest.amount_cents) == (2_500, "succeeded", 7_500)
    assert too_much.value.code == "amount_too_large"
    assert stripe_gateway.payment(paid.id).amount_refunded_cents == 10_000
    (entry,) = ledger(fake_stripe.fake)
    assert (entry.amount_cents, entry.amount_refunded_cents) == (10_000, 10_000)
    with pytest.raises(GatewayRefused) as again:
        stripe_gateway.refund(paid.id, idempotency_key="refund:4")
    assert again.value.code == "charge_already_refunded"


def test_a_pay_link_page_takes_a_card_payment_that_names_the_invoice(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer
) -> None:
    page = stripe_gateway.start_payment_page(
        amount_cents=15_000,
        description="Invoice 2026-0042",
        success_url="http://practice.test/o/demo/invoices/paid?s={CHECKOUT_SESSION_ID}",
        cancel_url="http://practice.test/o/demo/invoices",
        idempotency_key="paylink:inv-42:1",
        metadata={"invoice_id": "inv-42"},
    )
    shown = complete_checkout(page.url, kind="card")
    assert shown.status_code == 303

    outcome = stripe_gateway.checkout(page.id)
    assert (outcome.status, outcome.payment_status, outcome.metadata) == (
        "complete",
        "paid",
        {"invoice_id": "inv-42"},
    )
    payment = stripe_gateway.payment(outcome.payment_intent_id or "")
    assert (payment.outcome, payment.amount_cents, payment.metadata) == (
        "succeeded",
        15_000,
        {"invoice_id": "inv-42"},
    )
    assert charged(fake_stripe) == [payment.id]


@pytest.mark.parametrize("amount", [0, -100, 12.5, True])
def test_amounts_that_are_not_positive_integer_cents_send_nothing(
    stripe_gateway: StripeGateway, fake_stripe: FakeStripeServer, amount: object
) -> None:
    with pytest.raises(ValueError):
        stripe_gateway.charge(
            customer_id="cus_x",
            payment_method_id="pm_x",
            amount_cents=amount,  # type: ignore[arg-type]
            idempotency_key="k",
        )
    assert fake_stripe.fake.requests == []


def test_unknown_ids_are_refused_with_stripes_code(stripe_gateway: StripeGateway) -> None:
    customer = stripe_gateway.ensure_customer("payer-9")
    with pytest.raises(GatewayRefused) as refused:
        stripe_gateway.charge(
            customer_id=customer.id,
            payment_method_id="pm_unknown",
            amount_cents=100,
            idempotency_key="k",
        )
    assert refused.value.code == "resource_missing"


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakeStripeServer]:
    with FakeStripeServer() as server:
        yield server


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([1_000, 2_500])),
        min_size=1,
        max_size=8,
    )
)
def test_any_sequence_of_charges_makes_one_charge_per_key_at_its_first_amount(
    shared_fake: FakeStripeServer, calls: list[tuple[str, int]]
) -> None:
    gateway = gateway_for(shared_fake)
    run = uuid.uuid4().hex
    customer, method = saved_card(gateway, payer=f"payer-{run}")
    first: dict[str, tuple[int, str]] = {}
    for key, amount in calls:
        try:
            payment = gateway.charge(
                customer_id=customer,
                payment_method_id=method.id,
                amount_cents=amount,
                idempotency_key=f"{run}:{key}",
            )
        except IdempotencyKeyReused:
            assert first[key][0] != amount
            continue
        assert first.setdefault(key, (amount, payment.id)) == (amount, payment.id)
    made = sorted(
        (e.amount_cents, e.payment_intent_id)
        for e in ledger(shared_fake.fake, status="succeeded")
        if e.customer_id == customer
    )
    assert made == sorted(first.values())
