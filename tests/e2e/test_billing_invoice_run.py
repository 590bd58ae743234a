"""The invoice run closes a billing period on the practice's own calendar: a monthly draft is
issued once the first of the month has begun where the practice is, not where UTC is. A
practice in Auckland is invoiced while it is still the 31st in London; one in Honolulu is not
invoiced while it is still the 31st there."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from tests.support.billing import Books, open_books


def monthly_practice(b: Books, timezone: str) -> str:
    """The practice moved to ``timezone``, invoicing monthly; a client's draft with one
    session of March on it. Answers the payer."""
    moved = b.client.post(
        "/practice/change-timezone", json={"timezone": timezone}, headers=b.practice.headers
    )
    assert moved.is_success, moved.text
    b.ok("/billing/settings", {"values": {"billing_mode": "auto_invoice"}})
    payer, case = b.client_case("Rowan")
    b.completed_session(case)
    b.idle()
    return payer


def status(b: Books, payer: str) -> str:
    (invoice,) = b.get(f"/invoices?payer_id={payer}")["items"]
    assert invoice["period"] == "2026-04-01"
    return str(invoice["status"])


def test_a_monthly_draft_is_issued_when_the_month_begins_in_the_practices_timezone(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    auckland = open_books(runtime, client, clock, "harbor-therapy")  # UTC+13 in March
    honolulu = open_books(runtime, client, clock, "elm-counseling")  # UTC-10
    east, west = (
        monthly_practice(auckland, "Pacific/Auckland"),
        monthly_practice(honolulu, "Pacific/Honolulu"),
    )

    def at(utc: datetime) -> tuple[str, str]:
        clock.set(utc)
        runtime.settle()
        return status(auckland, east), status(honolulu, west)

    # 23:30 on 31 March in Auckland: its month has not ended yet.
    assert at(datetime(2026, 3, 31, 10, 30, tzinfo=UTC)) == ("draft", "draft")
    # 00:30 on 1 April in Auckland, still 31 March in UTC: Auckland's draft is issued.
    east_now, west_now = at(datetime(2026, 3, 31, 11, 30, tzinfo=UTC))
    assert (east_now, west_now) == ("sent", "draft")
    # 1 April in UTC, 23:30 on 31 March in Honolulu: not yet.
    assert at(datetime(2026, 4, 1, 9, 30, tzinfo=UTC))[1] == "draft"
    # 00:30 on 1 April in Honolulu.
    assert at(datetime(2026, 4, 1, 10, 30, tzinfo=UTC))[1] == "sent"
