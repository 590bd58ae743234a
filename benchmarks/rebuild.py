"""``rebuild``: how fast the projection engine rebuilds every read model from the log.

Value: events in the store divided by the wall time of rebuilding every rebuildable projection
(what ``practicerunner projections rebuild`` does: one pass over each context's log, each
notification read and decoded once and applied to every projection that handles it).

Baseline: reading and decoding every notification of the store once, in the same batch size,
without applying or writing anything. The ratio is what applying and writing costs on top of
reading.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from benchmarks.fill import fill_practice_context
from benchmarks.results import Result
from practicerunner.adapters.eventstore import ContextApplication
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings

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


def read_everything(rt: Runtime, batch_size: int) -> tuple[int, float]:
    """The baseline: every notification of every context read and decoded; (count, seconds)."""
    started = time.perf_counter()
    count = 0
    for app in rt.stores.apps.values():
        head = app.recorder.max_notification_id() or 0
        count += read_log(app, (), batch_size, head)
    return count, time.perf_counter() - started


def deliveries(rt: Runtime, names: list[str]) -> int:
    """How many (event, projection) applications a rebuild makes: each projection counts the
    events it handles. Per projection, that is what the older per-projection figure divided."""
    count = 0
    for name in names:
        projection = rt.engine.projections[name]
        for upstream in projection.upstreams:
            app = rt.stores[upstream]
            head = app.recorder.max_notification_id() or 0
            count += read_log(app, projection.topics, 2000, head)
    return count


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
        batch_size = rt.engine.batch_size * 4  # what rebuild_together uses
        read_everything(rt, batch_size)  # warm the caches for both sides alike
        base_count, base_seconds = read_everything(rt, batch_size)
        started = time.perf_counter()
        read = rt.engine.rebuild_together(names)
        seconds = time.perf_counter() - started
        total = sum(rt.stores.head_positions().values())
        say(f"rebuild[{backend}]: {len(names)} projections, {total:,} events in {seconds:.2f} s")
        # A second baseline after the rebuild; the faster of the two is kept (conservative).
        _, again_seconds = read_everything(rt, batch_size)
        base_seconds = min(base_seconds, again_seconds)
        if base_count != total:
            say(f"rebuild[{backend}]: warning: baseline read {base_count:,}, store has {total:,}")
        delivered = deliveries(rt, names)
        return [
            Result(
                name="rebuild",
                value=total / seconds,
                unit="events/s",
                baseline="select_notifications + to_domain_event of every event, same batch size",
                baseline_value=base_count / base_seconds,
                params={
                    "backend": backend,
                    "events_in_log": filled.events,
                    "aggregates": filled.aggregates,
                    "fill_seconds": round(filled.seconds, 2),
                    "batch_size": batch_size,
                    "projections": names,
                    "notifications_read": read,
                    "rebuild_seconds": round(seconds, 3),
                    "baseline_seconds": round(base_seconds, 3),
                    "counting": "events in the store / seconds to rebuild every projection",
                    "projection_applications": delivered,
                    "projection_applications_per_s": round(delivered / seconds),
                },
            )
        ]
    finally:
        rt.close()
