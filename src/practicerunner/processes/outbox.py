"""The transactional outbox: decisions recorded as events become jobs, exactly once.

``Outbox`` is a projection, so a job row is written in the same transaction as the tracking
position that consumed its event: a crash can neither lose a job nor create it twice. The
dispatcher hands due rows to the broker; if the broker loses a message (the in-memory broker
on restart), the row is still there and is handed over again. Actors are idempotent (see
``effects``), so a job delivered twice does its effect once.

Process managers add decisions by registering ``Decider`` functions: event -> jobs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from practicerunner.adapters.readstore import ReadStore, Transaction
from practicerunner.domain.base import natural_id
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection, ProjectionEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A side effect to perform: ``actor`` names the dramatiq actor, ``key`` makes it unique."""

    actor: str
    key: str
    payload: dict[str, Any] = field(default_factory=dict)
    due_at: datetime | None = None
    practice_id: str | None = None

    @property
    def job_id(self) -> str:
        return str(natural_id("job", self.actor, self.key))


Decider = Callable[[Any], Iterable[Job]]


class Outbox(Projection):
    name = "outbox"
    version = 1
    # Rebuilding would re-issue every past job; effects are idempotent, but it is pointless work.
    rebuildable = False
    tables = (
        Table(
            "outbox",
            {
                "job_id": "TEXT",
                "actor": "TEXT NOT NULL",
                "job_key": "TEXT NOT NULL",
                "payload": "TEXT NOT NULL",
                "practice_id": "TEXT",
                "due_at": "TEXT NOT NULL",
                "created_at": "TEXT NOT NULL",
                "enqueued_at": "TEXT",
                "done_at": "TEXT",
                "cancelled_at": "TEXT",
                "outcome": "TEXT",
            },
            key=("job_id",),
            indexes=(("done_at", "due_at"),),
        ),
    )

    def __init__(self, deciders: dict[type, list[Decider]], upstreams: tuple[str, ...]) -> None:
        self.upstreams = upstreams
        self.deciders = deciders
        self.handles = tuple(deciders)

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        for decide in self.deciders.get(type(event), []):
            for job in decide(event):
                due = job.due_at or event.timestamp
                batch.upsert(
                    "outbox",
                    {"job_id": job.job_id},
                    actor=job.actor,
                    job_key=job.key,
                    payload=json.dumps(job.payload, sort_keys=True),
                    practice_id=job.practice_id,
                    due_at=due.isoformat(),
                    created_at=event.timestamp.isoformat(),
                    enqueued_at=None,
                    done_at=None,
                    cancelled_at=None,
                    outcome=None,
                )


@dataclass(frozen=True)
class OutboxRow:
    job_id: str
    actor: str
    key: str
    payload: dict[str, Any]
    practice_id: str | None
    due_at: str
    done_at: str | None
    outcome: str | None


class OutboxStore:
    """Reads and marks outbox rows for the dispatcher and the actors."""

    COLUMNS = "job_id, actor, job_key, payload, practice_id, due_at, done_at, outcome"

    def __init__(self, engine: ProjectionEngine) -> None:
        self.db: ReadStore = engine.db
        self.engine = engine

    def _table(self, tx: Transaction) -> str:
        return self.engine.tables(tx, "outbox")["outbox"]

    def get(self, job_id: str) -> OutboxRow | None:
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT {self.COLUMNS} FROM {self._table(tx)} WHERE job_id = %s", (job_id,)
            )
        return self._row(row) if row else None

    @staticmethod
    def _row(row: tuple[Any, ...]) -> OutboxRow:
        return OutboxRow(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6], row[7])

    def claim_due(
        self, now: datetime, limit: int = 100, redeliver_after: timedelta = timedelta(minutes=10)
    ) -> list[OutboxRow]:
        """Marks due rows as enqueued and returns them. A row enqueued long ago and still not
        done is handed out again (its message was lost); the conditional update means two
        dispatchers never both claim one row."""
        stale = (now - redeliver_after).isoformat()
        claimed = []
        with self.db.read() as tx:
            table = self._table(tx)
            rows = tx.fetchall(
                f"SELECT {self.COLUMNS}, enqueued_at FROM {table} WHERE done_at IS NULL "
                f"AND due_at <= %s AND (enqueued_at IS NULL OR enqueued_at < %s) "
                f"ORDER BY due_at LIMIT %s",
                (now.isoformat(), stale, limit),
            )
        for row in rows:
            with self.db.transaction() as tx:
                moved = tx.execute(
                    f"UPDATE {table} SET enqueued_at = %s WHERE job_id = %s AND done_at IS NULL "
                    f"AND (enqueued_at IS NULL OR enqueued_at = %s)",
                    (now.isoformat(), row[0], row[8]),
                )
            if moved == 1:
                claimed.append(self._row(row[:8]))
        return claimed

    def mark_done(self, job_id: str, now: datetime, outcome: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                f"UPDATE {self._table(tx)} SET done_at = %s, outcome = %s "
                f"WHERE job_id = %s AND done_at IS NULL",
                (now.isoformat(), outcome, job_id),
            )

    def release_enqueued(self) -> int:
        """On start with an in-memory broker nothing is queued: every enqueued-not-done row
        is handed out again."""
        with self.db.transaction() as tx:
            return tx.execute(
                f"UPDATE {self._table(tx)} SET enqueued_at = NULL "
                f"WHERE done_at IS NULL AND enqueued_at IS NOT NULL"
            )

    def pending(self) -> list[OutboxRow]:
        with self.db.read() as tx:
            table = self._table(tx)
            rows = tx.fetchall(
                f"SELECT {self.COLUMNS} FROM {table} WHERE done_at IS NULL ORDER BY due_at"
            )
        return [self._row(r) for r in rows]
