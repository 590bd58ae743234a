"""AutoPay and pay links end to end: the HTTP API, the process managers and jobs, the real
`stripe` SDK against the fake Stripe server, real SMTP. A daily-AutoPay client is told the
amount and date, then charged after a completed session; a monthly client gets one invoice for
the month and pays it through the pay link on Stripe's hosted page; failed charges retry
after 1 and 3 days, then AutoPay turns off, staff get a billing task and the payer an email
that says only that a payment needs attention; webhooks delivered three times, shuffled, and
once forged, record each payment once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import ledger
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import Books, open_books, save_method
from tests.support.problems import refusal
from tests.support.smtp_server import LocalSmtpServer
from tests.support.stripe import complete_checkout


def mail_to(smtp: LocalSmtpServer, address: str) -> list[Any]:
    return [m.message for m in smtp.messages if address in m.rcpt_tos]


def _books(paying: tuple[Runtime, TestClient], clock: ControlledClock) -> Books:
    rt, client = paying
    return open_books(rt, client, clock)


def save_card(b: Books, fake: FakeStripeServer, payer: str, **card: str) -> None:
    assert save_method(b, fake, payer, **card).endswith("4242")
    b.ok(f"/payers/{payer}/autopay", {"on": True})


def test_a_daily_autopay_client_is_told_then_charged_once_after_a_completed_session(
    paying: tuple[Runtime, TestClient],
    clock: ControlledClock,
    fake_stripe: FakeStripeServer,
    smtp: LocalSmtpServer,
) -> None:
    b = _books(paying, clock)
    payer, case = b.client_case("Dana")
    b.ok(
        "/billing/overrides",
        {
            "scope": "billing_contact",
            "scope_id": payer,
            "values": {"billing_mode": "daily_autopay"},
        },
    )
    save_card(b, fake_stripe, payer)
    b.completed_session(case)
    b.idle()
    (invoice,) = b.get(f"/invoices?payer_id={payer}")["items"]
    assert (invoice["status"], invoice["total_cents"]) == ("issued", 15000)
    # No AutoPay surprise: the amount and the day come first (48 hours ahead by default).
    (notice,) = mail_to(smtp, "dana.payer@example.com")
    assert "$150.00" in notice.get_body(("plain",)).get_content()
    assert ledger(fake_stripe.fake) == []
    clock.advance(timedelta(hours=47))
    b.idle()
    assert ledger(fake_stripe.fake) == []  # not a minute early

    clock.advance(timedelta(hours=1))
    b.idle()
    charges = ledger(fake_stripe.fake)
    assert [c.amount_cents for c in charges] == [15000]
    assert b.invoice(invoice["invoice_id"])["status"] == "paid"
    # Stripe's own webhooks for that charge, three times each and shuffled, plus a forged one.
    held = fake_stripe.fake.webhooks.held()
    assert held
    forged = fake_stripe.fake.webhooks.deliver(held[0], signature="t=1,v1=deadbeef")
    assert forged.status == 400
    statuses = {d.status for d in fake_stripe.fake.webhooks.release(copies=3, shuffle=True, seed=7)}
    assert statuses == {200}
    b.idle()
    payer_ledger = b.ledger("payers", payer)
    assert (payer_ledger["payments_cents"], payer_ledger["balance_cents"]) == (15000, 0)
    assert len(b.get(f"/payments?payer_id={payer}")["items"]) == 1


def test_a_monthly_client_gets_one_invoice_and_pays_it_through_the_pay_link(
    paying: tuple[Runtime, TestClient],
    clock: ControlledClock,
    fake_stripe: FakeStripeServer,
    smtp: LocalSmtpServer,
) -> None:
    b = _books(paying, clock)
    b.ok("/billing/settings", {"values": {"billing_mode": "auto_invoice"}})
    payer, case = b.client_case("Ellis")
    first = b.completed_session(case)
    clock.advance(timedelta(days=7))
    second = b.completed_session(case)
    b.idle()
    (draft,) = b.get(f"/invoices?payer_id={payer}")["items"]
    assert draft["status"] == "draft" and draft["period"] == "2026-04-01"
    assert {ln["appointment_id"] for ln in draft["lines"]} == {first, second}
    assert mail_to(smtp, "ellis.payer@example.com") == []

    clock.set(datetime(2026, 4, 1, 6, 0, tzinfo=UTC))
    b.idle()
    (issued,) = b.get(f"/invoices?payer_id={payer}")["items"]
    assert (issued["invoice_id"], issued["status"], issued["total_cents"]) == (
        draft["invoice_id"],
        "sent",
        30000,
    )
    (email,) = mail_to(smtp, "ellis.payer@example.com")
    text = email.get_body(("plain",)).get_content()
    link = next(w for w in text.split() if "/pay/" in w)
    path = link[link.index("/pay/") :]
    assert "ellis" not in path.lower() and "Ellis" not in email["Subject"]

    hosted = b.client.get(path, follow_redirects=False)
    assert hosted.status_code == 303
    assert complete_checkout(hosted.headers["location"]).status_code == 303
    fake_stripe.fake.webhooks.release(copies=2, shuffle=True, seed=3)
    b.idle()
    assert b.invoice(issued["invoice_id"])["status"] == "paid"
    assert [c.amount_cents for c in ledger(fake_stripe.fake, "succeeded")] == [30000]
    tampered = b.client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB"))
    refusal(tampered, 404, "pay-link-invalid")


def test_failed_charges_retry_then_autopay_stops_with_a_task_and_a_plain_email(
    paying: tuple[Runtime, TestClient],
    clock: ControlledClock,
    fake_stripe: FakeStripeServer,
    smtp: LocalSmtpServer,
) -> None:
    b = _books(paying, clock)
    payer, case = b.client_case("Frankie")
    b.ok(
        "/billing/overrides",
        {
            "scope": "billing_contact",
            "scope_id": payer,
            "values": {"billing_mode": "daily_autopay", "autopay_notice": False},
        },
    )
    save_card(b, fake_stripe, payer)
    for _ in range(3):
        fake_stripe.fake.failures.decline_next_charge("insufficient_funds")
    b.completed_session(case)
    b.idle()
    (invoice,) = b.get(f"/invoices?payer_id={payer}")["items"]
    tasks_headers = {"Authorization": f"Bearer {b.billing_token}"}
    for days, attempts in ((0, 1), (1, 2), (2, 3)):
        clock.advance(timedelta(days=days, minutes=1))
        b.idle()
        keys = {
            k for m, p, k in fake_stripe.fake.requests if (m, p) == ("POST", "/v1/payment_intents")
        }
        assert len(keys) == attempts  # one idempotency key per decided attempt
    shown = b.invoice(invoice["invoice_id"])
    assert shown["status"] == "issued" and shown["balance_cents"] == 15000
    assert b.ledger("payers", payer)["autopay"] is False
    tasks = b.client.get("/tasks?assignee=anyone&type=billing_attention", headers=tasks_headers)
    assert tasks.status_code == 200, tasks.text
    (task,) = tasks.json()["items"]
    assert task["subject_id"] == payer and task["assignee"] == {"kind": "role", "id": "billing"}
    (attention,) = [
        m for m in mail_to(smtp, "frankie.payer@example.com") if "attention" in m["Subject"]
    ]
    body = attention.get_body(("plain",)).get_content()
    assert "needs your attention" in body
    assert "$" not in body and "Frankie" not in body and "INV-" not in body
    # No fourth attempt, and nothing was ever taken.
    clock.advance(timedelta(days=10))
    b.idle()
    assert ledger(fake_stripe.fake, "succeeded") == []
    assert len({k for m, p, k in fake_stripe.fake.requests if p == "/v1/payment_intents"}) == 3
