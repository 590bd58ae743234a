"""A client on AutoPay without a saved payment method: billing staff get one task for the payer,
the client's workflow summary says "payment method missing", and both clear themselves once a
card is saved (or the payer is taken off AutoPay), through the HTTP API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import Books, open_books, save_method

PAYMENT_METHOD = "payment_method_missing"


def _open_tasks(b: Books, payer: str) -> list[dict[str, Any]]:
    found = b.get(f"/tasks?assignee=anyone&type={PAYMENT_METHOD}&person_id={payer}")
    return list(found["items"])


def _workflow(b: Books, person: str) -> dict[str, Any]:
    r = b.client.get(f"/people/{person}/workflow", headers=b.practice.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _autopay(b: Books, payer: str, mode: str) -> None:
    b.ok(
        "/billing/overrides",
        {"scope": "billing_contact", "scope_id": payer, "values": {"billing_mode": mode}},
    )
    b.idle()


def test_a_client_put_on_autopay_without_a_card_gets_one_task_that_a_saved_card_resolves(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = open_books(*paying, clock)
    payer, _case = b.client_case("Dana")
    b.idle()
    assert _open_tasks(b, payer) == []
    assert _workflow(b, payer)["workflow_state"] != PAYMENT_METHOD

    _autopay(b, payer, "autopay")
    (task,) = _open_tasks(b, payer)
    assert task["title"].startswith("Payment method missing: ask the payer to save a card")
    assert task["assignee"] == {"kind": "role", "id": "billing"}
    summary = _workflow(b, payer)
    assert summary["workflow_state"] == PAYMENT_METHOD
    assert "save a card or bank account" in summary["next_step"]
    assert [t["task_id"] for t in summary["attention"]] == [task["task_id"]]

    # Asked again (another mode that still charges a saved method): still the one task.
    _autopay(b, payer, "daily_autopay")
    assert [t["task_id"] for t in _open_tasks(b, payer)] == [task["task_id"]]

    assert save_method(b, fake_stripe, payer).endswith("4242")
    b.idle()
    assert _open_tasks(b, payer) == []
    (resolved,) = b.get(f"/tasks?assignee=anyone&type={PAYMENT_METHOD}&status=resolved")["items"]
    assert resolved["task_id"] == task["task_id"] and resolved["resolved_automatically"]
    assert _workflow(b, payer)["workflow_state"] != PAYMENT_METHOD


def test_the_practice_turning_autopay_on_and_off_opens_and_resolves_the_payers_tasks(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = open_books(*paying, clock)
    invoiced, invoiced_case = b.client_case("Gray")
    b.issued_invoice(invoiced_case, 9000)  # a payer the practice already bills
    with_card, _ = b.client_case("Farah")
    assert save_method(b, fake_stripe, with_card).endswith("4242")
    own_mode, _ = b.client_case("Ellis")
    _autopay(b, own_mode, "manual")  # their own arrangement

    b.ok("/billing/settings", {"values": {"billing_mode": "autopay"}})
    b.idle()
    assert len(_open_tasks(b, invoiced)) == 1
    assert _workflow(b, invoiced)["workflow_state"] == PAYMENT_METHOD
    assert _open_tasks(b, with_card) == []
    assert _open_tasks(b, own_mode) == []  # their own "manual" wins over the practice's

    _autopay(b, own_mode, "autopay")
    assert len(_open_tasks(b, own_mode)) == 1
    b.ok("/billing/settings", {"values": {"billing_mode": "auto_invoice"}})
    b.idle()
    assert _open_tasks(b, invoiced) == []
    assert _workflow(b, invoiced)["workflow_state"] != PAYMENT_METHOD
    assert len(_open_tasks(b, own_mode)) == 1  # their own AutoPay still holds

    _autopay(b, own_mode, "auto_invoice")
    assert _open_tasks(b, own_mode) == []


def test_a_case_on_autopay_opens_its_payer_s_one_task_and_closing_it_resolves_the_task(
    paying: tuple[Runtime, TestClient], clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = open_books(*paying, clock)
    payer, case = b.client_case("Hale")
    _, second = b.client_case("Hale-Two")
    front_desk = b.practice.headers  # the owner: billing staff do not change cases

    def owner(path: str, body: dict[str, Any]) -> None:
        r = b.client.post(path, json=body, headers=front_desk)
        assert r.is_success, r.text
        b.positions.append(r.json()["position"])
        b.idle()

    owner(f"/cases/{second}/set-billing-contact", {"billing_contact_id": payer})
    assert _open_tasks(b, payer) == []

    def case_mode(case_id: str, mode: str) -> None:
        b.ok("/billing/overrides",
             {"scope": "case", "scope_id": case_id, "values": {"billing_mode": mode}})  # fmt: skip
        b.idle()

    # Only one case is on AutoPay: its sessions would be charged, so the payer needs a method.
    case_mode(case, "autopay")
    (task,) = _open_tasks(b, payer)
    assert _workflow(b, payer)["workflow_state"] == PAYMENT_METHOD
    # A second case they pay for, on AutoPay too: still the one task of the payer.
    case_mode(second, "daily_autopay")
    assert [t["task_id"] for t in _open_tasks(b, payer)] == [task["task_id"]]

    # Each case leaves AutoPay in its own way; the task stays while one is left.
    case_mode(second, "manual")
    assert [t["task_id"] for t in _open_tasks(b, payer)] == [task["task_id"]]
    owner(f"/cases/{case}/close", {})
    assert _open_tasks(b, payer) == []
    # Reopened, the case is on AutoPay again.
    owner(f"/cases/{case}/reopen", {})
    assert len(_open_tasks(b, payer)) == 1
