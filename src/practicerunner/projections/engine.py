"""The projection engine: pull-based, batched, crash-safe, rebuilt into fresh tables.

Each projection has generations. The *active* generation's tables answer queries. A rebuild
(or a version bump) builds a new generation from position zero into new tables while the
active one keeps answering, then swaps it in with one update of ``projection_state`` and drops
the old tables. Every batch writes its rows and advances its tracking row in one transaction;
the tracking update is conditional on the position it started from, so two runners can never
apply the same batch twice (one of them rolls back).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

from practicerunner.eventstore import EventStores
from practicerunner.projections.batch import Batch, Table
from practicerunner.readstore import ReadStore, Transaction

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class Projection:
    """Subclass and set ``name``, ``version``, ``upstreams``, ``tables`` and ``handles``."""

    name: str = ""
    version: int = 1
    upstreams: tuple[str, ...] = ("practice",)
    tables: tuple[Table, ...] = ()
    # Event classes this projection reads; empty means every event.
    handles: tuple[type, ...] = ()

    def apply(self, batch: Batch, event: DomainEventProtocol[Any], upstream: str) -> None:
        raise NotImplementedError

    @property
    def topics(self) -> list[str]:
        return [get_topic(cls) for cls in self.handles]


class TrackingConflict(Exception):
    """Another runner advanced this projection first; this batch was rolled back."""


@dataclass
class ProjectionStatus:
    name: str
    version: int
    active_generation: int | None
    active_version: int | None
    building_generation: int | None
    positions: dict[str, int]
    heads: dict[str, int]
    building_positions: dict[str, int]

    @property
    def lag(self) -> int:
        return sum(max(0, self.heads[u] - self.positions.get(u, 0)) for u in self.heads)

    @property
    def stale(self) -> bool:
        return self.active_version != self.version


SCHEMA = [
    """CREATE TABLE IF NOT EXISTS projection_state (
        name TEXT PRIMARY KEY, active_generation INTEGER, active_version INTEGER,
        building_generation INTEGER, building_version INTEGER, last_error TEXT)""",
    """CREATE TABLE IF NOT EXISTS projection_tracking (
        name TEXT, generation INTEGER, upstream TEXT, position BIGINT NOT NULL,
        PRIMARY KEY (name, generation, upstream))""",
]


def physical_name(table: str, generation: int) -> str:
    return f"rm_{table}_g{generation}"


class ProjectionEngine:
    def __init__(
        self,
        readstore: ReadStore,
        stores: EventStores,
        projections: Iterable[Projection],
        batch_size: int = 500,
    ) -> None:
        self.db = readstore
        self.stores = stores
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self._wake = threading.Event()
        self._caught_up = threading.Condition()
        with self.db.transaction() as tx:
            for statement in SCHEMA:
                tx.execute(statement)
        for projection in self.projections.values():
            self._ensure_started(projection)

    # -- generations ----------------------------------------------------------------------

    def _state(self, tx: Transaction, name: str) -> tuple[Any, ...] | None:
        return tx.fetchone(
            "SELECT active_generation, active_version, building_generation, building_version "
            "FROM projection_state WHERE name = %s",
            (name,),
        )

    def _create_generation(
        self, tx: Transaction, projection: Projection, gen: int, indexes: bool = True
    ) -> None:
        for table in projection.tables:
            phys = physical_name(table.name, gen)
            tx.execute(f"DROP TABLE IF EXISTS {phys}")
            for statement in table.ddl(phys, indexes=indexes):
                tx.execute(statement)
        tx.execute(
            "DELETE FROM projection_tracking WHERE name = %s AND generation = %s",
            (projection.name, gen),
        )
        tx.executemany(
            "INSERT INTO projection_tracking (name, generation, upstream, position) "
            "VALUES (%s, %s, %s, 0)",
            [(projection.name, gen, u) for u in projection.upstreams],
        )

    def _ensure_started(self, projection: Projection) -> None:
        with self.db.transaction() as tx:
            state = self._state(tx, projection.name)
            if state is None:
                self._create_generation(tx, projection, 1)
                tx.execute(
                    "INSERT INTO projection_state (name, active_generation, active_version) "
                    "VALUES (%s, 1, %s) ON CONFLICT (name) DO NOTHING",
                    (projection.name, projection.version),
                )

    def start_rebuild(self, name: str) -> int:
        """Starts (or resumes) building a fresh generation; returns its number."""
        projection = self.projections[name]
        with self.db.transaction() as tx:
            active, _, building, building_version = self._state(tx, name) or (0, 0, None, None)
            if building is not None and building_version == projection.version:
                return int(building)
            if building is not None:
                self._drop_generation(tx, projection, int(building))
            gen = int(active) + 1
            # Secondary indexes come at the swap: kept up row by row they halve a rebuild's
            # speed on SQLite, and a generation being built is only read by primary key.
            self._create_generation(tx, projection, gen, indexes=False)
            tx.execute(
                "UPDATE projection_state SET building_generation = %s, "
                "building_version = %s WHERE name = %s",
                (gen, projection.version, name),
            )
            return gen

    def _drop_generation(self, tx: Transaction, projection: Projection, gen: int) -> None:
        for table in projection.tables:
            tx.execute(f"DROP TABLE IF EXISTS {physical_name(table.name, gen)}")
        tx.execute(
            "DELETE FROM projection_tracking WHERE name = %s AND generation = %s",
            (projection.name, gen),
        )

    def _swap(self, name: str, gen: int) -> None:
        projection = self.projections[name]
        with self.db.transaction() as tx:
            state = self._state(tx, name)
            if state is None or state[2] != gen:
                return
            old = int(state[0])
            for table in projection.tables:
                for statement in table.index_ddl(physical_name(table.name, gen)):
                    tx.execute(statement)
            tx.execute(
                "UPDATE projection_state SET active_generation = %s, active_version = %s, "
                "building_generation = NULL, building_version = NULL WHERE name = %s",
                (gen, state[3], name),
            )
        with self.db.transaction() as tx:
            self._drop_generation(tx, projection, old)
        log.info("projection %s: generation %s swapped in", name, gen)

    def tables(self, tx: Transaction, name: str) -> dict[str, str]:
        """Physical table names of a projection's active generation, for queries."""
        row = tx.fetchone("SELECT active_generation FROM projection_state WHERE name = %s", (name,))
        gen = int(row[0]) if row else 1
        return {t.name: physical_name(t.name, gen) for t in self.projections[name].tables}

    # -- applying events ------------------------------------------------------------------

    def _positions(self, name: str, gen: int) -> dict[str, int]:
        with self.db.read() as tx:
            rows = tx.fetchall(
                "SELECT upstream, position FROM projection_tracking "
                "WHERE name = %s AND generation = %s",
                (name, gen),
            )
        return {u: int(p) for u, p in rows}

    def process_batch(
        self, name: str, gen: int, upstream: str, head: int | None = None
    ) -> tuple[int, int]:
        """Applies the next batch from one upstream; returns (notifications read, new position).

        Reading, decoding and applying happen before the write transaction opens, then rows and
        tracking are written together, conditional on the tracking position not having moved.
        """
        projection = self.projections[name]
        app = self.stores[upstream]
        start = self._positions(name, gen).get(upstream, 0)
        if head is None:
            head = app.recorder.max_notification_id() or 0
        if start >= head:
            return 0, start
        notifications = app.recorder.select_notifications(
            start=start,
            limit=self.batch_size,
            stop=head,
            topics=projection.topics,
            inclusive_of_start=False,
        )
        new_position = notifications[-1].id if len(notifications) == self.batch_size else head
        events = [app.mapper.to_domain_event(n) for n in notifications]
        tables = {t.name: t for t in projection.tables}
        physical = {t.name: physical_name(t.name, gen) for t in projection.tables}
        with self.db.transaction() as tx:
            batch = Batch(tx, tables, physical, self.db.sealer)
            for event in events:
                projection.apply(batch, event, upstream)
            batch.flush()
            moved = tx.execute(
                "UPDATE projection_tracking SET position = %s WHERE name = %s AND "
                "generation = %s AND upstream = %s AND position = %s",
                (new_position, name, gen, upstream, start),
            )
            if moved != 1:
                raise TrackingConflict(name)
        return len(notifications), new_position

    def catch_up(
        self,
        name: str,
        gen: int | None = None,
        progress: Progress | None = None,
        stop_when: Callable[[], bool] | None = None,
    ) -> int:
        """Applies everything up to the current heads; returns events applied."""
        projection = self.projections[name]
        if gen is None:
            with self.db.read() as tx:
                state = self._state(tx, name)
            gen = int(state[0]) if state else 1
        heads = {
            u: self.stores[u].recorder.max_notification_id() or 0 for u in projection.upstreams
        }
        total = sum(heads.values())
        applied = 0
        for upstream in projection.upstreams:
            while True:
                if stop_when and stop_when():
                    return applied
                try:
                    count, position = self.process_batch(name, gen, upstream, heads[upstream])
                except TrackingConflict:
                    continue
                applied += count
                if progress:
                    done = sum(
                        min(self._positions(name, gen).get(u, 0), heads[u])
                        for u in projection.upstreams
                    )
                    progress(done, total)
                if position >= heads[upstream]:
                    break
        return applied

    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        gen = self.start_rebuild(name)
        applied = 0
        while True:
            applied += self.catch_up(name, gen, progress)
            if self._building_is_current(name, gen):
                self._swap(name, gen)
                return applied

    def _building_is_current(self, name: str, gen: int) -> bool:
        positions = self._positions(name, gen)
        return all(
            positions.get(u, 0) >= (self.stores[u].recorder.max_notification_id() or 0)
            for u in self.projections[name].upstreams
        )

    def tick(self) -> int:
        """One pass over every projection: advance active generations, and any generation
        being built (swapping it in once current). Returns events applied."""
        applied = 0
        for name, projection in self.projections.items():
            with self.db.read() as tx:
                state = self._state(tx, name)
            if state is None:
                continue
            active, active_version, building, _ = state
            if active_version != projection.version and building is None:
                building = self.start_rebuild(name)
            try:
                applied += self.catch_up(name, int(active))
                if building is not None:
                    applied += self.catch_up(name, int(building))
                    if self._building_is_current(name, int(building)):
                        self._swap(name, int(building))
            except Exception:
                log.exception("projection %s failed; it will retry", name)
        with self._caught_up:
            self._caught_up.notify_all()
        return applied

    # -- running and waiting --------------------------------------------------------------

    def wake(self) -> None:
        self._wake.set()

    def run_forever(self, stop: threading.Event, idle: float = 0.5) -> None:
        while not stop.is_set():
            try:
                applied = self.tick()
            except Exception:  # pragma: no cover - logged and retried
                log.exception("projection tick failed")
                applied = 0
            if not applied:
                self._wake.wait(idle)
                self._wake.clear()

    def position(self, name: str, upstream: str) -> int:
        with self.db.read() as tx:
            row = tx.fetchone(
                "SELECT t.position FROM projection_tracking t JOIN projection_state s "
                "ON s.name = t.name AND s.active_generation = t.generation "
                "WHERE t.name = %s AND t.upstream = %s",
                (name, upstream),
            )
        return int(row[0]) if row else 0

    def wait_for(
        self, names: Sequence[str], positions: dict[str, int], timeout: float = 5.0
    ) -> bool:
        """Waits (bounded) until the named projections have applied the given positions."""
        deadline = time.monotonic() + timeout
        while True:
            behind = [
                (n, u)
                for n in names
                for u, p in positions.items()
                if u in self.projections[n].upstreams and self.position(n, u) < p
            ]
            if not behind:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._wake.set()
            with self._caught_up:
                self._caught_up.wait(min(0.05, remaining))

    def status(self) -> list[ProjectionStatus]:
        heads = self.stores.head_positions()
        result = []
        for name, projection in self.projections.items():
            with self.db.read() as tx:
                state = self._state(tx, name)
            active, active_version, building = (
                (state[0], state[1], state[2]) if state else (None, None, None)
            )
            result.append(
                ProjectionStatus(
                    name=name,
                    version=projection.version,
                    active_generation=active,
                    active_version=active_version,
                    building_generation=building,
                    positions=self._positions(name, int(active)) if active else {},
                    heads={u: heads.get(u, 0) for u in projection.upstreams},
                    building_positions=self._positions(name, int(building)) if building else {},
                )
            )
        return result
