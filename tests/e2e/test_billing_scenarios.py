"""Billing through the HTTP API, as a practice's billing staff live it: invoices from
sessions and free lines, numbered in order; outside payments, partial and whole; an
overpayment kept as credit that pays the next invoice; a refund that reopens the balance;
line credits; and every refusal a clear problem that writes nothing."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import PROBLEM, Books, open_books
from tests.support.problems import refusal

TODAY = "2026-03-02"


def pay(b: Books, invoice_id: str, cents: int, method: str = "check") -> dict:
    return b.ok(
        "/payments",
        {"invoice_id": invoice_id, "method": method, "amount_cents": cents, "received_on": TODAY},
    )


def test_a_session_invoice_is_paid_in_two_parts_and_the_ledger_explains_every_cent(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    payer, case = b.client_case("Rowan")
    session = b.completed_session(case)
    created = b.ok(
        "/invoices",
        {
            "case_id": case,
            "appointment_ids": [session],
            "lines": [{"description": "Letter for school", "units": 2, "unit_fee_cents": 2500}],
        },
    )
    draft = b.invoice(created["id"])
    assert (draft["status"], draft["number"], draft["display_number"]) == ("draft", 1, "INV-000001")
    assert draft["billed_to_id"] == payer and draft["wording"] == "therapy"
    session_line, letter = draft["lines"]
    assert session_line["appointment_id"] == session
    assert (session_line["cpt_code"], session_line["amount_cents"]) == ("90834", 15000)
    assert session_line["rendering_provider_id"] == b.practice.provider_id
    assert session_line["place_of_service"] == "10"  # a video session
    assert letter["amount_cents"] == 5000 and draft["total_cents"] == 20000
    # The same session cannot be billed twice.
    again = b.post("/invoices", {"case_id": case, "appointment_ids": [session]})
    assert again.status_code == 422 and again.json()["type"] == PROBLEM + "rule-violation"

    b.ok(f"/invoices/{created['id']}/issue")
    assert b.ledger("payers", payer)["balance_cents"] == 20000
    pay(b, created["id"], 5000)
    part = b.invoice(created["id"])
    assert (part["status"], part["paid_cents"], part["balance_cents"]) == (
        "partially_paid", 5000, 15000,
    )  # fmt: skip
    pay(b, created["id"], 15000, "zelle")
    assert b.invoice(created["id"])["status"] == "paid"
    ledger = b.ledger("payers", payer)
    assert (ledger["charges_cents"], ledger["payments_cents"], ledger["balance_cents"]) == (
        20000, 20000, 0,
    )  # fmt: skip
    assert b.ledger("cases", case)["payments_cents"] == 20000
    revenue = b.get("/billing/revenue?from=2026-03&to=2026-03")
    assert {(r["provider_id"], r["billed_cents"]) for r in revenue} == {
        (b.practice.provider_id, 15000), ("", 5000),
    }  # fmt: skip
    # Auditors: the invoice's history explains each amount by the event that made it.
    history = client.get(f"/history/{created['id']}", headers=b.practice.headers).json()
    names = [e["event"] for e in history["events"]]
    assert names.count("PaymentApplied") == 2 and "Issued" in names


def test_an_overpayment_becomes_credit_that_pays_the_next_invoice(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    payer, case = b.client_case("Juniper")
    first = b.issued_invoice(case, 10000)
    pay(b, first, 15000, "cash")
    assert b.invoice(first)["status"] == "paid"
    ledger = b.ledger("payers", payer)
    assert (ledger["balance_cents"], ledger["credit_available_cents"]) == (-5000, 5000)

    second = b.issued_invoice(case, 8000)
    paid_by_credit = b.invoice(second)
    assert (paid_by_credit["status"], paid_by_credit["balance_cents"]) == ("partially_paid", 3000)
    ledger = b.ledger("payers", payer)
    assert (ledger["balance_cents"], ledger["credit_available_cents"]) == (3000, 0)
    assert ledger["aging"]["current"] == 3000
    outstanding = b.get("/billing/outstanding")["items"]
    assert [(o["payer_id"], o["balance_cents"]) for o in outstanding] == [(payer, 3000)]


def test_a_refund_reduces_what_was_paid_and_the_balance_is_owed_again(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    payer, case = b.client_case("Sage")
    invoice = b.issued_invoice(case, 12000)
    payment = pay(b, invoice, 12000)
    b.ok(f"/payments/{payment['id']}/refund", {"amount_cents": 2000, "reason": "sliding scale"})
    shown = b.invoice(invoice)
    assert (shown["status"], shown["paid_cents"]) == ("partially_paid", 10000)
    ledger = b.ledger("payers", payer)
    assert (ledger["payments_cents"], ledger["refunds_cents"], ledger["balance_cents"]) == (
        12000, 2000, 2000,
    )  # fmt: skip
    # More than is left of the payment: refused, nothing written.
    too_much = b.post(f"/payments/{payment['id']}/refund", {"amount_cents": 10001})
    assert too_much.status_code == 422
    assert too_much.json()["type"] == PROBLEM + "refund-exceeds-payment"
    assert b.get(f"/payments/{payment['id']}")["refunded_cents"] == 2000


def test_a_credited_line_on_a_paid_invoice_becomes_account_credit(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    payer, case = b.client_case("Arden")
    session = b.completed_session(case)
    created = b.ok("/invoices", {"case_id": case, "appointment_ids": [session]})
    b.ok(f"/invoices/{created['id']}/issue")
    pay(b, created["id"], 15000)
    b.ok(
        f"/invoices/{created['id']}/credit-line",
        {"line_id": session, "reason": "billed in error"},
    )
    shown = b.invoice(created["id"])
    assert (shown["total_cents"], shown["paid_cents"], shown["status"]) == (0, 0, "paid")
    ledger = b.ledger("payers", payer)
    assert (ledger["credits_cents"], ledger["credit_available_cents"]) == (15000, 15000)
    assert ledger["balance_cents"] == -15000


def test_bad_input_is_refused_with_a_problem_and_writes_nothing(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    payer, case = b.client_case("Quinn")
    invoice = b.issued_invoice(case, 9000)
    runtime.settle()  # what issuing set going in the background is done before counting
    before = runtime.stores["billing"].recorder.max_notification_id()
    for amount in (-100, 0, 12.5, "100", True):
        r = b.post(
            "/payments",
            {"invoice_id": invoice, "method": "cash", "amount_cents": amount, "received_on": TODAY},
        )
        assert r.status_code == 422 and r.json()["type"] == PROBLEM + "validation-error", amount
    line = b.post(
        "/invoices", {"case_id": case, "lines": [{"description": "x", "unit_fee_cents": 1.5}]}
    )
    assert line.status_code == 422 and line.json()["type"] == PROBLEM + "validation-error"
    card = b.post(
        "/payments",
        {"invoice_id": invoice, "method": "card", "amount_cents": 100, "received_on": TODAY},
    )
    # Cards are paid through Stripe, never recorded by hand.
    refusal(card, 422, "validation-error")
    # Money is not received tomorrow (the practice's tomorrow).
    tomorrow = (clock.now().astimezone(ZoneInfo("America/New_York")) + timedelta(days=1)).date()
    future = b.post("/payments", {"invoice_id": invoice, "method": "cash", "amount_cents": 100,
                                  "received_on": tomorrow.isoformat()})  # fmt: skip
    assert refusal(future, 422, "invalid-value")["field"] == "received_on"
    assert runtime.stores["billing"].recorder.max_notification_id() == before

    draft = b.ok(
        "/invoices", {"case_id": case, "lines": [{"description": "x", "unit_fee_cents": 100}]}
    )
    b.ok(f"/invoices/{draft['id']}/void", {"reason": "duplicate"})
    runtime.settle()
    before = runtime.stores["billing"].recorder.max_notification_id()
    void = b.post(
        "/payments",
        {"invoice_id": draft["id"], "method": "cash", "amount_cents": 100, "received_on": TODAY},
    )
    assert void.status_code == 409 and void.json()["type"] == PROBLEM + "invoice-void"
    paid = pay(b, invoice, 9000)
    runtime.settle()
    before = runtime.stores["billing"].recorder.max_notification_id()
    voiding_paid = b.post(f"/invoices/{invoice}/void", {"reason": "oops"})
    assert voiding_paid.status_code == 409
    assert voiding_paid.json()["type"] == PROBLEM + "invoice-has-payments"
    assert runtime.stores["billing"].recorder.max_notification_id() == before

    # Another practice's invoice, payment and payer answer exactly like unknown ids.
    other = open_books(runtime, client, clock, "elm-counseling")
    for path, body in [
        (f"/invoices/{invoice}/issue", None),
        (f"/payments/{paid['id']}/refund", {"amount_cents": 100}),
        ("/payments", {"invoice_id": invoice, "method": "cash", "amount_cents": 100,
                       "received_on": TODAY}),
        (f"/payers/{payer}/credit", {"amount_cents": 100}),
    ]:  # fmt: skip
        r = other.post(path, body)
        assert r.status_code == 404 and r.json()["type"] == PROBLEM + "not-found", path
    for path in (f"/invoices/{invoice}", f"/ledger/payers/{payer}", f"/payments/{paid['id']}"):
        refusal(client.get(path, headers=other.headers), 404, "not-found")
    assert runtime.stores["billing"].recorder.max_notification_id() == before
