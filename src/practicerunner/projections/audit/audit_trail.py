"""Audit trail index: every event of every aggregate with who, for whom and when.

Lets auditors find an aggregate's version as of any instant without replaying it, and lets the
API check which practice an aggregate belongs to before showing its history.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class AuditTrail(Projection):
    name = "audit_trail"
    version = 1
    handles = ()
    tables = (
        Table(
            "aggregate_events",
            {
                "aggregate_id": "TEXT",
                "version": "INTEGER",
                "context": "TEXT NOT NULL",
                "practice_id": "TEXT",
                "event_name": "TEXT NOT NULL",
                "actor_id": "TEXT",
                "on_behalf_of": "TEXT",
                "recorded_at": "TEXT NOT NULL",
            },
            key=("aggregate_id", "version"),
            indexes=(("practice_id", "recorded_at"),),
        ),
    )

    def __init__(self, upstreams: tuple[str, ...]) -> None:
        self.upstreams = upstreams
        # An aggregate's practice never changes, so remembering it is safe; it spares a
        # lookup per event during a rebuild.
        self._practice_of: OrderedDict[str, str | None] = OrderedDict()

    def _practice_id(self, batch: Batch, event: Any, aggregate_id: str) -> str | None:
        practice_id: str | None = getattr(event, "practice_id", None)
        if practice_id is not None:
            return practice_id
        if event.originator_version == 1:
            return aggregate_id if type(event).__qualname__.startswith("Practice.") else None
        if aggregate_id in self._practice_of:
            self._practice_of.move_to_end(aggregate_id)
            return self._practice_of[aggregate_id]
        first = batch.get("aggregate_events", {"aggregate_id": aggregate_id, "version": 1})
        return first["practice_id"] if first else None

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        aggregate_id = str(event.originator_id)
        practice_id = self._practice_id(batch, event, aggregate_id)
        self._practice_of[aggregate_id] = practice_id
        if len(self._practice_of) > 50_000:
            self._practice_of.popitem(last=False)
        batch.upsert(
            "aggregate_events",
            {"aggregate_id": aggregate_id, "version": event.originator_version},
            context=upstream,
            practice_id=practice_id,
            event_name=type(event).__qualname__,
            actor_id=getattr(event, "actor_id", None),
            on_behalf_of=getattr(event, "on_behalf_of", None),
            recorded_at=event.timestamp.isoformat(),
        )
