"""A provider is never double-booked, even when many requests race for overlapping times:
the booking days are a consistency boundary checked by the store, not by a query."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import save
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import Conflict
from practicerunner.domain.scheduling.appointments import TimeRange
from practicerunner.domain.scheduling.booking_days import BookingDay
from tests.support.scheduling import book, open_case, person, ready_practice


def test_twenty_concurrent_overlapping_bookings_exactly_one_wins(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    cases = [
        open_case(client, p, "individual", [person(client, p, f"C{i}", "Racer")]) for i in range(20)
    ]
    start = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    barrier = threading.Barrier(20)

    def attempt(i: int) -> int:
        when = (start + timedelta(minutes=i)).isoformat()  # all overlap the first
        barrier.wait()
        return book(client, p, cases[i], when).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert sorted(statuses) == [201] + [409] * 19
    day = runtime.stores.scheduling.repository.get(
        BookingDay.id_for("provider", p.provider_id, start.date())
    )
    assert isinstance(day, BookingDay) and len(day.bookings) == 1


def test_concurrent_non_overlapping_bookings_all_succeed(
    runtime: Runtime, client: TestClient
) -> None:
    """Losing the race on a shared day is retried on fresh state, not answered with 409."""
    p = ready_practice(runtime)
    case = open_case(client, p, "individual", [person(client, p, "Ivy", "Busy")])
    barrier = threading.Barrier(6)

    def attempt(i: int) -> int:
        barrier.wait()
        return book(client, p, case, f"2026-03-11T{8 + i:02d}:00:00-04:00").status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(attempt, range(6))) == [201] * 6
    day = runtime.stores.scheduling.repository.get(
        BookingDay.id_for("provider", p.provider_id, datetime(2026, 3, 11).date())
    )
    assert len(day.bookings) == 6


def test_the_store_refuses_a_write_based_on_a_stale_day(
    runtime: Runtime, client: TestClient
) -> None:
    """No check-then-write race: two writers that both saw the day free cannot both save."""
    p = ready_practice(runtime)
    book(client, p, open_case(client, p, "individual", [person(client, p, "A", "B")]),
         "2026-03-12T10:00:00Z")  # fmt: skip
    app = runtime.stores.scheduling
    day_id = BookingDay.id_for("provider", p.provider_id, datetime(2026, 3, 12).date())
    first, second = app.repository.get(day_id), app.repository.get(day_id)
    owner = Actor(p.tenant.owner_id)
    when = TimeRange(datetime(2026, 3, 12, 12, tzinfo=UTC), datetime(2026, 3, 12, 13, tzinfo=UTC))
    first.hold(str(uuid4()), when, owner, None)
    second.hold(str(uuid4()), when, owner, None)
    save(app, first, result_of=first)
    with pytest.raises(Conflict):
        save(app, second, result_of=second)
