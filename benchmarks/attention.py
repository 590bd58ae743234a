"""``attention_query``: the Needs Attention query for one user who has 10,000 open tasks
(plus tasks of their role and of colleagues), p50 and p99, against a bare indexed SELECT of
the same page of rows. In results.json ``ratio`` is ours / bare (``Result`` divides value by
baseline); the goal is a p99 ratio of at most 3."""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.base import Actor
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject, Task
from practicerunner.projections.tasks.queries import COLUMNS, TaskQueries

if TYPE_CHECKING:
    from practicerunner.config import Settings

ACTOR = Actor.service("benchmark")
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
TYPES = ("missing_note", "supervision_review", "to_do", "representative_verification")


def _fill(rt: Runtime, practice_id: str, user: str, open_tasks: int) -> None:
    app = rt.stores["tasks"]
    others = [Assignee.role("provider"), Assignee.staff("colleague"), Assignee.role("billing")]
    batch: list[Task] = []
    for i in range(open_tasks + open_tasks // 2):
        assignee = Assignee.staff(user) if i < open_tasks else others[i % 3]
        batch.append(
            Task.open(
                id=uuid.uuid4(),
                practice_id=practice_id,
                task_type=TYPES[i % 4],
                source=TYPES[i % 4],
                title="Write and sign the note for a completed session",
                subject=Subject("appointment", str(uuid.uuid4()), case_id=str(uuid.uuid4())),
                assignee=assignee,
                due_at=AT + timedelta(minutes=i * 7 % 50_000),
                priority=Priority.NORMAL,
                by=ACTOR,
                at=AT,
            )
        )
        if len(batch) == 500:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)
    rt.engine.catch_up("tasks")


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def run(backend: str, settings: Settings, quick: bool) -> list[dict[str, Any]]:
    open_tasks, runs = (2_000, 100) if quick else (10_000, 500)
    rt = Runtime(settings)
    try:
        practice_id, user = str(uuid.uuid4()), str(uuid.uuid4())
        t0 = time.perf_counter()
        _fill(rt, practice_id, user, open_tasks)
        fill_seconds = time.perf_counter() - t0
        queries = TaskQueries(rt.engine)
        keys = (f"staff:{user}", "role:provider")
        with rt.db.read() as tx:
            table = rt.engine.tables(tx, "tasks")["tasks"]
        ours, bare = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            attention = queries.attention(practice_id, keys, limit=50)
            ours.append((time.perf_counter() - t0) * 1000)
            assert len(attention.items) == 50 and attention.total >= open_tasks
            t0 = time.perf_counter()
            with rt.db.read() as tx:
                rows = tx.fetchall(
                    f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE practice_id = %s "
                    "AND assignee = %s AND status = 'open' ORDER BY due_sort, task_id LIMIT 50",
                    (practice_id, keys[0]),
                )
            bare.append((time.perf_counter() - t0) * 1000)
            assert len(rows) == 50
    finally:
        rt.close()
    params = {
        "backend": backend,
        "open_tasks_of_user": open_tasks,
        "runs": runs,
        "page": 50,
        "fill_seconds": round(fill_seconds, 1),
    }
    results = []
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        value = statistics.median(ours) if q == 0.5 else _p(ours, q)
        base = statistics.median(bare) if q == 0.5 else _p(bare, q)
        results.append(
            {
                "name": f"attention_query_{name}",
                "value": round(value, 3),
                "unit": "ms",
                "baseline": f"bare indexed SELECT of the same page, {name}",
                "baseline_value": round(base, 3),
                "ratio": round(value / base, 4) if base else 0.0,
                "params": params,
            }
        )
    return results
