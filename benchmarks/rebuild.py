"""``rebuild``: how fast the projection engine rebuilds every read model from the log.

Value: notifications processed by ``engine.rebuild`` summed over every rebuildable projection
(the ones ``practicerunner projections rebuild`` rebuilds; the outbox is not rebuildable),
divided by the total wall time of those rebuilds. A projection reads only the topics it
handles, so the audit trail reads the whole log and the others read their own slices.

Baseline: reading exactly the same notifications the same way the engine does (the same
topics, in batches of the engine's batch size) and decoding them into domain events, without
applying or writing anything. The ratio is what applying and writing costs on top of reading.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.fill import fill_practice_context
from benchmarks.results import Result
from practicerunner.bootstrap import Runtime
from practicerunner.config import Settings
from practicerunner.eventstore import ContextApplication

Say = Callable[[str], None]


def read_log(app: ContextApplication, topics: Sequence[str], batch_size: int, head: int) -> int:
    """Reads and decodes every notification with these topics up to ``head``; returns the count."""
    position, count = 0, 0
    while position < head:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, stop=head, topics=topics, inclusive_of_start=False
        )
        events = [app.mapper.to_domain_event(n) for n in notifications]
        count += len(events)
        if len(notifications) < batch_size:
            break
        position = notifications[-1].id
    return count


def rebuildable(rt: Runtime) -> list[str]:
    return [n for n, p in rt.engine.projections.items() if getattr(p, "rebuildable", True)]


def read_as_projections(rt: Runtime, names: list[str]) -> tuple[int, float]:
    """The baseline: every projection's notifications read and decoded; (count, seconds)."""
    started = time.perf_counter()
    count = 0
    for name in names:
        projection = rt.engine.projections[name]
        for upstream in projection.upstreams:
            app = rt.stores[upstream]
            head = app.recorder.max_notification_id() or 0
            count += read_log(app, projection.topics, rt.engine.batch_size, head)
    return count, time.perf_counter() - started


def run(backend: str, settings: Settings, events: int, say: Say) -> list[Result]:
    rt = Runtime(settings)
    try:
        say(f"rebuild[{backend}]: filling the practice context with {events:,} events")
        filled = fill_practice_context(rt.stores.practice, events)
        say(
            f"rebuild[{backend}]: wrote {filled.events:,} events of {filled.aggregates:,} "
            f"aggregates in {filled.seconds:.1f} s ({filled.events / filled.seconds:,.0f}/s)"
        )
        names = rebuildable(rt)
        read_as_projections(rt, names)  # warm the caches for both sides alike
        base_count, base_seconds = read_as_projections(rt, names)
        per_projection: dict[str, dict[str, Any]] = {}
        total, seconds = 0, 0.0
        for name in names:
            started = time.perf_counter()
            applied = rt.engine.rebuild(name)
            elapsed = time.perf_counter() - started
            total += applied
            seconds += elapsed
            per_projection[name] = {
                "notifications": applied,
                "seconds": round(elapsed, 3),
                "events_per_s": round(applied / elapsed if elapsed else 0.0),
            }
            say(f"rebuild[{backend}]: {name}: {applied:,} in {elapsed:.2f} s")
        # A second baseline after the rebuild; the faster of the two is kept (conservative).
        again_count, again_seconds = read_as_projections(rt, names)
        base_seconds = min(base_seconds, again_seconds)
        if base_count != total or again_count != total:
            say(f"rebuild[{backend}]: warning: baseline read {base_count:,}, rebuild {total:,}")
        return [
            Result(
                name="rebuild",
                value=total / seconds,
                unit="events/s",
                baseline="select_notifications + to_domain_event, same topics and batch size",
                baseline_value=base_count / base_seconds,
                params={
                    "backend": backend,
                    "events_in_log": filled.events,
                    "aggregates": filled.aggregates,
                    "fill_seconds": round(filled.seconds, 2),
                    "batch_size": rt.engine.batch_size,
                    "projections": names,
                    "notifications_processed": total,
                    "rebuild_seconds": round(seconds, 3),
                    "baseline_seconds": round(base_seconds, 3),
                    "counting": "notifications processed summed over projections / total seconds",
                    "per_projection": per_projection,
                },
            )
        ]
    finally:
        rt.close()
