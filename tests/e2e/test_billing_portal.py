"""The portal's billing, end to end over the HTTP API with the fake Stripe server: a payer
sees only their own issued invoices (another payer's, another practice's and a draft answer
like an unknown id), pays one through its pay link on Stripe's hosted page and sees it paid,
saves a card, turns AutoPay on by agreeing to the wording shown (kept with the time), sees the
charge coming up with its amount and date, and turns AutoPay off again."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.stripe_fake import FakeStripeServer
from practicerunner.adapters.stripe_fake.payments import ledger
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from tests.support.billing import Books, open_books
from tests.support.documents import portal_headers
from tests.support.problems import refusal
from tests.support.scheduling import open_case, person
from tests.support.stripe import complete_checkout, with_fake_stripe


@pytest.fixture
def books(
    settings: Settings, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> Iterator[Books]:
    rt = Runtime(with_fake_stripe(settings, fake_stripe), clock=clock)
    with TestClient(create_app(rt, background=True)) as client:
        fake_stripe.fake.webhooks.hold()
        fake_stripe.fake.webhooks.target = lambda body, headers: (
            client.post("/billing/stripe/webhook", content=body, headers=headers).status_code
        )
        yield open_books(rt, client, clock)
    rt.close()


class Portal:
    """One person signed in to the portal."""

    def __init__(self, b: Books, person_id: str) -> None:
        self.b, self.person_id = b, person_id
        self.after: str | None = None
        self.sign_in()

    def sign_in(self) -> None:
        """A new portal session (one ends after 15 idle minutes)."""
        self.headers = portal_headers(self.b.rt, self.b.practice.tenant.practice_id, self.person_id)

    def get(self, path: str) -> Any:
        return self.b.client.get(
            path, headers=self.headers, params={"after": self.after} if self.after else None
        )

    def post(self, path: str, body: Any = None) -> Any:
        return self.b.client.post(path, json=body, headers=self.headers)

    def ok(self, path: str, body: Any = None) -> dict[str, Any]:
        r = self.post(path, body)
        assert r.status_code == 200, r.text
        if "position" in r.json():
            self.after = r.json()["position"]
        return dict(r.json())

    def billing(self) -> dict[str, Any]:
        r = self.get("/portal/billing")
        assert r.status_code == 200, r.text
        return dict(r.json())

    def invoices(self) -> list[dict[str, Any]]:
        r = self.get("/portal/invoices")
        assert r.status_code == 200, r.text
        return list(r.json()["items"])


def test_a_payer_sees_only_their_own_issued_invoices(
    books: Books, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = books
    ada, ada_case = b.client_case("Ada")
    _, ben_case = b.client_case("Ben")
    mine = b.issued_invoice(ada_case, 12_500, "Session on 2 March")
    unissued = {"case_id": ada_case, "lines": [{"description": "Not yet", "unit_fee_cents": 900}]}
    draft = b.ok("/invoices", unissued)["id"]
    bens = b.issued_invoice(ben_case, 8_000)
    elsewhere = open_books(b.rt, b.client, clock, slug="north-clinic")
    far_payer, far_case = elsewhere.client_case("Cy")
    far = elsewhere.issued_invoice(far_case, 7_000)
    b.idle()
    portal = Portal(b, ada)

    (shown,) = portal.invoices()
    assert (shown["invoice_id"], shown["status"], shown["balance_cents"]) == (mine, "sent", 12_500)
    assert shown["display_number"].startswith("INV-") and shown["payable"] is True
    assert [ln["description"] for ln in shown["lines"]] == ["Session on 2 March"]
    summary = portal.billing()
    assert (summary["balance_cents"], summary["open_invoices"]) == (12_500, 1)
    assert summary["payments_available"] is True and summary["upcoming_charges"] == []

    unknown = refusal(portal.get(f"/portal/invoices/{uuid.uuid4()}"), 404, "not-found")
    for other in (bens, draft, far):
        assert refusal(portal.get(f"/portal/invoices/{other}"), 404, "not-found") == unknown
        link = refusal(portal.post(f"/portal/invoices/{other}/pay-link"), 404, "not-found")
        assert link["detail"] == unknown["detail"]
    assert portal.get(f"/portal/invoices/{mine}").json()["invoice_id"] == mine
    # The person in the other practice sees their own invoice only, not Ada's.
    far_portal = Portal(elsewhere, far_payer)
    assert [i["invoice_id"] for i in far_portal.invoices()] == [far]
    refusal(far_portal.get(f"/portal/invoices/{mine}"), 404, "not-found")
    # Staff sign-ins are not portal sign-ins; nobody signed in is told to sign in.
    refusal(b.client.get("/portal/invoices", headers=b.headers), 403, "forbidden")
    refusal(b.client.get("/portal/billing"), 401, "unauthenticated")


def test_a_payer_pays_an_invoice_through_its_pay_link_and_sees_it_paid(
    books: Books, fake_stripe: FakeStripeServer
) -> None:
    b = books
    ada, case = b.client_case("Ada")
    invoice = b.issued_invoice(case, 15_050)
    b.idle()
    portal = Portal(b, ada)

    link = portal.ok(f"/portal/invoices/{invoice}/pay-link")
    assert link["path"].startswith("/pay/") and "ada" not in link["path"].lower()
    hosted = b.client.get(link["path"], follow_redirects=False)
    assert hosted.status_code == 303
    done = complete_checkout(hosted.headers["location"])
    assert done.status_code == 303
    assert done.headers["location"].endswith("/o/harbor-therapy/billing?payment=done")
    # Stripe's webhooks, twice each and shuffled: one payment.
    assert {d.status for d in fake_stripe.fake.webhooks.release(copies=2, shuffle=True)} == {200}
    b.idle()

    (paid,) = portal.invoices()
    assert (paid["status"], paid["paid_cents"], paid["balance_cents"]) == ("paid", 15_050, 0)
    assert paid["payable"] is False
    assert portal.billing()["balance_cents"] == 0
    assert [c.amount_cents for c in ledger(fake_stripe.fake, "succeeded")] == [15_050]
    refusal(portal.post(f"/portal/invoices/{invoice}/pay-link"), 409, "invoice-paid")
    assert len(b.get(f"/payments?payer_id={ada}")["items"]) == 1


def test_a_payer_saves_a_card_consents_to_autopay_sees_the_charge_coming_and_turns_it_off(
    books: Books, clock: ControlledClock, fake_stripe: FakeStripeServer
) -> None:
    b = books
    ada, case = b.client_case("Ada")
    b.ok("/billing/overrides", {"scope": "billing_contact", "scope_id": ada,
                                "values": {"billing_mode": "daily_autopay"}})  # fmt: skip
    portal = Portal(b, ada)
    wording = portal.billing()["autopay_wording"]
    assert "Harbor" in wording and "48 hours" in wording
    # No saved method yet: AutoPay cannot start, and nothing is recorded.
    refusal(portal.post("/portal/autopay/consent", {"consent_text": wording}), 422,
            "no-saved-method")  # fmt: skip
    refusal(portal.post("/portal/payment-method/refresh"), 422, "no-saved-method")

    setup = portal.ok("/portal/payment-method/setup")
    finished = complete_checkout(setup["extra"]["url"], number="4242424242424242")
    assert finished.headers["location"].endswith("/o/harbor-therapy/billing?method=saved")
    portal.ok("/portal/payment-method/refresh")  # back on the portal, before any webhook
    summary = portal.billing()
    assert summary["saved_method"]["label"].endswith("4242")
    assert set(summary["saved_method"]) == {"kind", "label"}  # never Stripe's ids
    assert summary["autopay"] is False

    changed = wording.replace("48 hours", "1 hour")
    refusal(portal.post("/portal/autopay/consent", {"consent_text": changed}), 409,
            "autopay-wording-changed")  # fmt: skip
    assert portal.billing()["autopay"] is False
    consented_at = clock.now()
    portal.ok("/portal/autopay/consent", {"consent_text": wording})
    summary = portal.billing()
    assert summary["autopay"] is True
    assert summary["autopay_consent"]["text"] == wording
    assert summary["autopay_consent"]["at"] == consented_at.isoformat()
    assert b.ledger("payers", ada)["autopay"] is True  # staff see it too

    b.completed_session(case)
    b.idle()
    portal.sign_in()
    (upcoming,) = portal.billing()["upcoming_charges"]
    (invoice,) = portal.invoices()
    assert (upcoming["invoice_id"], upcoming["amount_cents"]) == (invoice["invoice_id"], 15_000)
    assert upcoming["due_at"] == (clock.now() + timedelta(hours=48)).isoformat()

    portal.ok("/portal/autopay/turn-off")
    summary = portal.billing()
    assert (summary["autopay"], summary["upcoming_charges"]) == (False, [])
    clock.advance(timedelta(hours=49))
    b.idle()
    assert ledger(fake_stripe.fake) == []  # consent withdrawn: nothing charged
    portal.sign_in()
    assert portal.invoices()[0]["balance_cents"] == 15_000


def test_without_stripe_set_up_invoices_show_but_paying_answers_payments_unavailable(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    b = open_books(runtime, client, clock)
    ada, case = b.client_case("Ada")
    invoice = b.issued_invoice(case, 4_000)
    b.idle()
    portal = Portal(b, ada)

    assert portal.billing()["payments_available"] is False
    assert [i["invoice_id"] for i in portal.invoices()] == [invoice]
    refusal(portal.post(f"/portal/invoices/{invoice}/pay-link"), 503, "payments-unavailable")
    refusal(portal.post("/portal/payment-method/setup"), 503, "payments-unavailable")


def test_a_parent_who_pays_sees_the_invoice_and_the_client_they_pay_for_does_not(
    books: Books,
) -> None:
    b = books
    p = b.practice
    kid = person(b.client, p, "Kit", "Kline")
    parent = person(b.client, p, "Pat", "Kline")
    case = open_case(b.client, p, "individual", [kid], billing_contact_id=parent)
    invoice = b.issued_invoice(case, 9_500)
    b.idle()

    assert [i["invoice_id"] for i in Portal(b, parent).invoices()] == [invoice]
    kit = Portal(b, kid)
    assert kit.invoices() == []
    assert kit.billing()["balance_cents"] == 0
    refusal(kit.get(f"/portal/invoices/{invoice}"), 404, "not-found")
    refusal(kit.post(f"/portal/invoices/{invoice}/pay-link"), 404, "not-found")


def test_a_voided_invoice_shows_as_void_and_cannot_be_paid(books: Books) -> None:
    b = books
    ada, case = b.client_case("Ada")
    invoice = b.issued_invoice(case, 6_000)
    b.ok(f"/invoices/{invoice}/void", {"reason": "Entered twice"})
    b.idle()
    portal = Portal(b, ada)

    (shown,) = portal.invoices()
    assert (shown["status"], shown["payable"]) == ("void", False)
    assert portal.billing()["balance_cents"] == 0
    refusal(portal.post(f"/portal/invoices/{invoice}/pay-link"), 409, "invoice-void")


def test_staff_see_the_consent_autopay_is_on_by_and_none_once_it_went_off(
    books: Books, clock: ControlledClock
) -> None:
    b = books
    ada, _ = b.client_case("Ada")
    portal = Portal(b, ada)
    setup = portal.ok("/portal/payment-method/setup")
    complete_checkout(setup["extra"]["url"], number="4242424242424242")
    portal.ok("/portal/payment-method/refresh")
    assert b.ledger("payers", ada)["autopay_consent"] is None

    wording = portal.billing()["autopay_wording"]
    consented_at = clock.now()
    portal.ok("/portal/autopay/consent", {"consent_text": wording})
    b.idle()
    seen = b.ledger("payers", ada)
    assert seen["autopay"] is True
    assert seen["autopay_consent"] == {
        "text": wording,
        "at": consented_at.isoformat(),
        "given_in": "portal",
    }
    assert b.get(f"/ledger/people/{ada}")["autopay_consent"] is None  # a payer's only

    # Off, then on again by staff: the old consent is not what AutoPay is on by now.
    portal.ok("/portal/autopay/turn-off")
    b.ok(f"/payers/{ada}/autopay", {"on": True})
    b.idle()
    seen = b.ledger("payers", ada)
    assert (seen["autopay"], seen["autopay_consent"]) == (True, None)
    assert portal.billing()["autopay_consent"] is None


def test_cancelling_on_the_card_saving_page_goes_back_to_billing_saying_so(books: Books) -> None:
    b = books
    ada, _ = b.client_case("Ada")
    portal = Portal(b, ada)
    setup = portal.ok("/portal/payment-method/setup")
    page = httpx.get(setup["extra"]["url"])
    assert page.status_code == 200, page.text
    (cancel,) = re.findall(r'<a href="([^"]+)">Cancel and go back</a>', page.text)
    assert cancel.endswith("/o/harbor-therapy/billing?method=cancelled")
    summary = portal.billing()
    assert (summary["saved_method"], summary["autopay"]) == (None, False)


def test_a_payers_invoices_come_a_page_at_a_time_newest_first(books: Books) -> None:
    b = books
    ada, case = b.client_case("Ada")
    made = [b.issued_invoice(case, 1_000 * n) for n in (1, 2, 3)]
    b.idle()
    portal = Portal(b, ada)

    def page(cursor: str | None = None) -> dict[str, Any]:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = b.client.get("/portal/invoices", headers=portal.headers, params=query)
        assert r.status_code == 200, r.text
        return dict(r.json())

    first = page()
    assert [i["invoice_id"] for i in first["items"]] == made[:0:-1]
    last = page(first["next_cursor"])
    assert ([i["invoice_id"] for i in last["items"]], last["next_cursor"]) == ([made[0]], None)
