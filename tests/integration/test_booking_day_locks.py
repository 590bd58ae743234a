"""Bookings for one provider-day made in one process queue on an in-process lock instead of
racing: none of them loses its write and has to run again. The store's version check still
decides between processes (``test_scheduling_concurrency``)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.scheduling import races
from practicerunner.domain.scheduling.booking_days import BookingDay
from tests.support.scheduling import book, open_case, person, ready_practice


def test_concurrent_bookings_on_one_day_queue_instead_of_losing_races(
    runtime: Runtime, client: TestClient
) -> None:
    p = ready_practice(runtime)
    case = open_case(client, p, "individual", [person(client, p, "Quinn", "Queue")])
    barrier = threading.Barrier(8)
    lost_before = races.lost_races()

    def attempt(i: int) -> int:
        barrier.wait()
        return book(client, p, case, f"2026-03-11T{8 + i:02d}:00:00-04:00").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(attempt, range(8))) == [201] * 8
    assert races.lost_races() == lost_before
    day = runtime.stores.scheduling.repository.get(
        BookingDay.id_for("provider", p.provider_id, datetime(2026, 3, 11, tzinfo=UTC).date())
    )
    assert len(day.bookings) == 8


def test_attempts_taking_days_in_opposite_orders_both_finish() -> None:
    """No deadlock: an attempt that needs a day sorting before one it holds, while another
    attempt has it, starts again taking its days in order."""
    first, second = sorted([uuid.uuid4(), uuid.uuid4()])
    holding = threading.Barrier(2)
    runs = {"up": 0, "down": 0}

    def taking(name: str, order: list[uuid.UUID]) -> str:
        def run() -> str:
            runs[name] += 1
            races.take_day_lock(order[0])
            if runs[name] == 1:
                holding.wait()  # both hold their first day before asking for the other
            races.take_day_lock(order[1])
            return name

        return races.retry_lost_races(run)

    with ThreadPoolExecutor(max_workers=2) as pool:
        up = pool.submit(taking, "up", [first, second])
        down = pool.submit(taking, "down", [second, first])
        assert (up.result(timeout=60), down.result(timeout=60)) == ("up", "down")
    assert runs["down"] >= 2  # it gave way and ran again


def test_a_day_lock_is_held_until_the_attempt_ends() -> None:
    day = uuid.uuid4()
    inside, release, order = threading.Event(), threading.Event(), []

    def holder() -> None:
        def run() -> None:
            races.take_day_lock(day)
            inside.set()
            release.wait(timeout=60)
            order.append("holder done")

        races.retry_lost_races(run)

    def waiter() -> None:
        def run() -> None:
            races.take_day_lock(day)
            order.append("waiter in")

        races.retry_lost_races(run)

    with ThreadPoolExecutor(max_workers=2) as pool:
        held = pool.submit(holder)
        assert inside.wait(timeout=60)
        waited = pool.submit(waiter)
        release.set()
        held.result(timeout=60)
        waited.result(timeout=60)
    assert order == ["holder done", "waiter in"]


def test_a_series_and_single_bookings_on_its_days_all_go_through(
    runtime: Runtime, client: TestClient
) -> None:
    """A series holds many provider-days at once while single bookings take them one by one,
    in other orders: none waits on another for good, and nobody is double-booked."""
    p = ready_practice(runtime)
    case = open_case(client, p, "individual", [person(client, p, "Sam", "Series")])
    barrier = threading.Barrier(7)

    def single(i: int) -> int:
        barrier.wait()
        tuesday = datetime(2026, 3, 10, 16, tzinfo=UTC) + timedelta(weeks=5 - i)  # latest first
        return book(client, p, case, tuesday.isoformat()).status_code

    def series() -> int:
        barrier.wait()
        body = {
            "case_id": case, "provider_id": p.provider_id, "service_id": p.therapy_service_id,
            "location_id": p.video_id, "start": "2026-03-10T14:00:00Z",
            "rule": "FREQ=WEEKLY;COUNT=6",
        }  # fmt: skip
        return client.post("/series", json=body, headers=p.headers).status_code

    with ThreadPoolExecutor(max_workers=7) as pool:
        singles = [pool.submit(single, i) for i in range(3)]
        whole = pool.submit(series)
        more = [pool.submit(single, i) for i in range(3, 6)]
        statuses = [f.result(timeout=120) for f in [*singles, whole, *more]]
    assert statuses == [201] * 7
    day = runtime.stores.scheduling.repository.get(
        BookingDay.id_for("provider", p.provider_id, datetime(2026, 3, 17, tzinfo=UTC).date())
    )
    assert len(day.bookings) == 2
