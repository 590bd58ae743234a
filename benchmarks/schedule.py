"""Schedule benchmarks: ``schedule_week`` query latency as the store grows, and
``book_appointment`` throughput through HTTP with the double-booking guard in play.

    run(backend_settings_factory, quick) -> list[dict]

``backend_settings_factory()`` returns a context manager giving fresh ``Settings`` (e.g.
``lambda: fresh_settings("sqlite")``); it is called once per store size. Each result dict has
the keys of ``benchmarks.results.REQUIRED_KEYS``; ``ratio`` is always "higher is better"
(baseline latency / our latency, our throughput / baseline throughput).
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.scheduling.appointments import Appointment, TimeRange
from practicerunner.projections.scheduling.queries import SchedulingReadModels, window
from practicerunner.projections.scheduling.schedule import ts

SettingsFactory = Callable[[], AbstractContextManager[Settings]]
ACTOR = Actor.service("benchmark")
WEEK = date(2026, 3, 9)
SAVE_BATCH = 500


def _fill(rt: Runtime, practice_id: str, provider_id: str, events: int) -> None:
    """``events`` appointments: one week of the measured provider's, the rest spread over 200
    other providers and two years, saved in batches (the schedule projection then applies
    them like any others)."""
    app = rt.stores.scheduling
    start = datetime(2025, 1, 6, 8, tzinfo=UTC)
    batch: list[Appointment] = []
    for i in range(events):
        if i < 30:  # the measured week: 6 a day, Monday to Friday
            day, slot = divmod(i, 6)
            begin = datetime(2026, 3, 9, 13, tzinfo=UTC) + timedelta(days=day, hours=slot)
            provider = provider_id
        else:
            begin = start + timedelta(days=(i // 1200) % 730, hours=i % 10)
            provider = f"provider-{i % 200}"
        batch.append(
            Appointment.book(
                id=uuid.uuid4(), practice_id=practice_id, case_id="case", case_kind="individual",
                provider_id=provider, service_id="svc", location_id="loc", room_id=None,
                session_format="video", when=TimeRange(begin, begin + timedelta(minutes=50)),
                supervisor_id=None, reminder_offsets=[], by=ACTOR, at=begin,
            )
        )  # fmt: skip
        if len(batch) == SAVE_BATCH:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)
    rt.engine.catch_up("schedule")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99


def _week_latency(rt: Runtime, practice_id: str, provider_id: str, runs: int) -> dict[str, float]:
    rm = SchedulingReadModels(rt.engine)
    start, end = window("week", WEEK, "America/New_York")
    ours, bare = [], []
    with rt.db.read() as tx:
        table = rt.engine.tables(tx, "schedule")["appointments"]
    for _ in range(runs):
        t0 = time.perf_counter()
        page = rm.schedule(practice_id, "America/New_York", start, end, provider_id=provider_id)
        ours.append((time.perf_counter() - t0) * 1000)
        assert len(page.items) == 30, len(page.items)
        t0 = time.perf_counter()
        with rt.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT * FROM {table} WHERE provider_id = %s AND starts_at >= %s "
                f"AND starts_at < %s ORDER BY starts_at LIMIT 201",
                (provider_id, ts(start), ts(end)),
            )
        bare.append((time.perf_counter() - t0) * 1000)
        assert len(rows) == 30
    p50, p99 = _percentiles(ours)
    b50, b99 = _percentiles(bare)
    return {"p50": p50, "p99": p99, "bare_p50": b50, "bare_p99": b99}


def schedule_week(factory: SettingsFactory, sizes: list[int], runs: int) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    p99s = {}
    for events in sizes:
        with factory() as settings:
            rt = Runtime(settings)
            try:
                backend = "postgres" if settings.is_postgres else "sqlite"
                practice_id, provider_id = str(uuid.uuid4()), str(uuid.uuid4())
                t0 = time.perf_counter()
                _fill(rt, practice_id, provider_id, events)
                fill_seconds = time.perf_counter() - t0
                lat = _week_latency(rt, practice_id, provider_id, runs)
            finally:
                rt.close()
        params = {"backend": backend, "events": events, "runs": runs,
                  "fill_seconds": round(fill_seconds, 1)}  # fmt: skip
        for pct in ("p50", "p99"):
            results.append({
                "name": f"schedule_week_{pct}", "value": round(lat[pct], 3), "unit": "ms",
                "baseline": f"bare indexed SELECT {pct}",
                "baseline_value": round(lat[f"bare_{pct}"], 3),
                "ratio": round(lat[f"bare_{pct}"] / lat[pct], 4), "params": params,
            })  # fmt: skip
        p99s[events] = lat["p99"]
    small, large = min(sizes), max(sizes)
    growth = p99s[large] / p99s[small]
    results.append({
        "name": "schedule_week_p99_growth", "value": round(growth, 3), "unit": "x",
        "baseline": f"goal: p99 at {large} events <= 1.5 x p99 at {small}", "baseline_value": 1.5,
        "ratio": round(1.5 / growth, 4),
        "params": {"backend": backend, "small": small, "large": large},
    })  # fmt: skip
    return results


def count_bookings(settings: Settings, requests: int = 16) -> Any:
    """Statements and round trips per booking over HTTP (``http_command.count_per_request``),
    each booking in a free hour, alternating two providers."""
    from fastapi.testclient import TestClient
    from tests.support.scheduling import person, ready_practice

    from benchmarks.http_command import RequestFor, count_per_request

    def prepare(rt: Runtime, client: TestClient) -> tuple[dict[str, str], RequestFor]:
        p = ready_practice(rt)
        someone = person(client, p, "Count", "Ing")
        rt.run_until_idle()  # nothing runs in the background here
        opened = client.post(
            "/cases",
            json={"kind": "individual", "participant_ids": [someone],
                  "provider_ids": [p.provider_id]},
            headers=p.headers,
        )  # fmt: skip
        assert opened.status_code == 201, opened.text
        case = str(opened.json()["id"])
        rt.run_until_idle()

        def booking(w: int, i: int) -> tuple[str, dict[str, Any]]:
            return "/appointments", _booking_body(p, case, i)

        return p.headers, booking

    return count_per_request(settings, prepare, requests)


def _booking_body(p: Any, case: str, i: int) -> dict[str, Any]:
    """The ``i``-th booking of a run: a fresh hour each, 8 a day per provider, the practice's
    two providers taking turns, from Monday 4 January 2027."""
    start = datetime(2027, 1, 4, 13, tzinfo=UTC) + timedelta(days=i // 16, hours=(i % 16) // 2)
    return {
        "case_id": case, "provider_id": [p.provider_id, p.second_provider_id][i % 2],
        "service_id": p.therapy_service_id, "location_id": p.video_id, "start": start.isoformat(),
    }  # fmt: skip


def book_appointment_http(factory: SettingsFactory, requests: int, workers: int) -> dict[str, Any]:
    """Bookings through the real API served by uvicorn, from ``workers`` concurrent
    connections; every booking checks and holds the provider's day (the no-double-booking
    guard). Baseline: http_command's, a bare FastAPI route inserting one row, served and driven
    the same way."""
    import itertools

    from fastapi.testclient import TestClient
    from tests.support.scheduling import open_case, person, ready_practice

    from benchmarks.http_command import HOST, server
    from benchmarks.loadgen import drive
    from practicerunner.api.app import create_app

    with factory() as settings:
        backend = "postgres" if settings.is_postgres else "sqlite"
        rt = Runtime(settings)
        try:
            with TestClient(create_app(rt, background=True)) as client:
                p = ready_practice(rt)
                case = open_case(client, p, "individual", [person(client, p, "Bench", "Mark")])
                rt.run_until_idle()
        finally:
            rt.close()
        slots = itertools.count()

        def booking(w: int, n: int) -> tuple[str, dict[str, Any]]:
            # A fresh hour for every request (warm-up included): 8 a day per provider.
            return "/appointments", _booking_body(p, case, next(slots))

        def row(w: int, n: int) -> tuple[str, dict[str, Any]]:
            return "/rows", {"note": f"row {w}-{n}", "amount": 100}

        with server("app", settings) as port:
            app_load = drive(HOST, port, p.headers, booking, workers, requests, 30.0, warmup=20)
    with factory() as counted_settings:
        per_request = count_bookings(counted_settings)
        # The first store is gone (a PostgreSQL database is dropped): the bare route's own.
        with server("bare", counted_settings) as port:
            bare_load = drive(HOST, port, {}, row, workers, requests, 30.0, warmup=20)
    return {
        "name": "book_appointment_http", "value": round(app_load.per_second, 1),
        "unit": "commands/s",
        "baseline": "http_command's baseline: bare FastAPI POST inserting one row",
        "baseline_value": round(bare_load.per_second, 1),
        "ratio": round(app_load.per_second / bare_load.per_second, 4),
        "params": {"backend": backend, "requests": requests, "workers": workers,
                   **per_request.as_params(),
                   "statuses": app_load.statuses, "p50_ms": app_load.latency_ms(0.5),
                   "p95_ms": app_load.latency_ms(0.95)},
    }  # fmt: skip


def run(
    backend_settings_factory: SettingsFactory, quick: bool, sizes: list[int] | None = None
) -> list[dict[str, Any]]:
    sizes = [2_000, 20_000] if quick else (sizes or [10_000, 1_000_000])
    results = schedule_week(backend_settings_factory, sizes, runs=50 if quick else 300)
    results.append(
        book_appointment_http(backend_settings_factory, 60 if quick else 1_000, workers=8)
    )
    return results


if __name__ == "__main__":  # pragma: no cover - a manual run: python -m benchmarks.schedule
    import json
    import sys

    from benchmarks.backends import fresh_settings

    backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    quick = "--quick" in sys.argv
    sizes_arg = [a for a in sys.argv if a.startswith("--sizes=")]
    if sizes_arg:
        sizes = [int(s) for s in sizes_arg[0].split("=", 1)[1].split(",")]
        out = schedule_week(lambda: fresh_settings(backend), sizes, runs=200)
    else:
        out = run(lambda: fresh_settings(backend), quick)
    print(json.dumps(out, indent=2))
