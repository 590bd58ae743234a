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

from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.readstore import ReadStore, Transaction
from practicerunner.adapters.topics import topics_of
from practicerunner.projections.batch import Batch, Table

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
        return [topic for cls in self.handles for topic in topics_of(cls)]


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
        self._known_tables: dict[str, dict[str, str]] = {}
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
                return
            # A projection that gained an upstream (a new context after an upgrade) starts
            # that upstream from zero in each of its generations.
            generations = [int(g) for g in (state[0], state[2]) if g is not None]
            tx.executemany(
                "INSERT INTO projection_tracking (name, generation, upstream, position) "
                "VALUES (%s, %s, %s, 0) ON CONFLICT (name, generation, upstream) DO NOTHING",
                [(projection.name, g, u) for g in generations for u in projection.upstreams],
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
        self._known_tables.pop(name, None)
        with self.db.transaction() as tx:
            self._drop_generation(tx, projection, old)
        log.info("projection %s: generation %s swapped in", name, gen)

    def tables(self, tx: Transaction, name: str) -> dict[str, str]:
        """Physical table names of a projection's active generation, for queries."""
        row = tx.fetchone("SELECT active_generation FROM projection_state WHERE name = %s", (name,))
        gen = int(row[0]) if row else 1
        return {t.name: physical_name(t.name, gen) for t in self.projections[name].tables}

    def known_tables(self, tx: Transaction, name: str) -> dict[str, str]:
        """``tables`` remembered between calls, for queries polled so often that the lookup
        would cost as much as the query. A swap by this engine forgets them; a swap by another
        process (a CLI rebuild) drops the old tables, so a query that fails on them calls
        ``forget_tables`` and runs once more (see ``TaskQueries``)."""
        found = self._known_tables.get(name)
        if found is None:
            found = self._known_tables[name] = self.tables(tx, name)
        return found

    def forget_tables(self, name: str) -> None:
        self._known_tables.pop(name, None)

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
        """Applies the next batch from one upstream; returns (notifications read, new position)."""
        return self._process_together([(name, gen)], upstream, head)

    def _process_together(
        self,
        targets: list[tuple[str, int]],
        upstream: str,
        head: int | None = None,
        batch_size: int | None = None,
    ) -> tuple[int, int]:
        """Applies the next batch from one upstream to several projection generations at once.

        The notifications are read and decoded once, outside the write transaction; then every
        target's rows and tracking are written in one transaction, each tracking update
        conditional on the position that target started from (a concurrent runner makes this
        batch roll back whole). Returns (notifications read, the position all targets reached).
        """
        app = self.stores[upstream]
        limit = batch_size or self.batch_size
        starts = {t: self._positions(*t).get(upstream, 0) for t in targets}
        start = min(starts.values())
        if head is None:
            head = app.recorder.max_notification_id() or 0
        if start >= head:
            return 0, start
        projections = {t: self.projections[t[0]] for t in targets}
        topics: list[str] = []
        if all(p.handles for p in projections.values()):
            topics = sorted({topic for p in projections.values() for topic in p.topics})
        notifications = app.recorder.select_notifications(
            start=start, limit=limit, stop=head, topics=topics, inclusive_of_start=False
        )
        reached = notifications[-1].id if len(notifications) == limit else head
        events = [(n.id, app.mapper.to_domain_event(n)) for n in notifications]
        with self.db.transaction() as tx:
            for target, projection in projections.items():
                if starts[target] >= reached:
                    continue
                handles = set(projection.handles)
                tables = {t.name: t for t in projection.tables}
                physical = {t.name: physical_name(t.name, target[1]) for t in projection.tables}
                batch = Batch(tx, tables, physical, self.db.sealer)
                for position, event in events:
                    if position > starts[target] and (not handles or type(event) in handles):
                        projection.apply(batch, event, upstream)
                batch.flush()
                moved = tx.execute(
                    "UPDATE projection_tracking SET position = %s WHERE name = %s AND "
                    "generation = %s AND upstream = %s AND position = %s",
                    (reached, target[0], target[1], upstream, starts[target]),
                )
                if moved != 1:
                    raise TrackingConflict(target[0])
        return len(notifications), reached

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
        return self.rebuild_together([name], progress)

    def rebuild_together(
        self, names: list[str], progress: Progress | None = None, batch_size: int | None = None
    ) -> int:
        """Rebuilds several projections in one pass over each log: every notification is read
        and decoded once and applied to every projection that wants it, in large batches.
        Each projection keeps its own tracking, so a killed rebuild resumes where each one
        stopped. Returns the number of notifications read."""
        # Larger batches than live tailing: fewer commits while nobody waits on this generation.
        batch_size = batch_size or self.batch_size * 4
        gens = {name: self.start_rebuild(name) for name in names}
        pending = dict(gens)
        read = 0
        while pending:
            upstreams = sorted({u for n in pending for u in self.projections[n].upstreams})
            heads = {u: self.stores[u].recorder.max_notification_id() or 0 for u in upstreams}
            total = sum(heads.values())
            done_before = 0
            for upstream in upstreams:
                targets = [
                    (n, g) for n, g in pending.items() if upstream in self.projections[n].upstreams
                ]
                while True:
                    try:
                        count, position = self._process_together(
                            targets, upstream, heads[upstream], batch_size
                        )
                    except TrackingConflict:
                        continue
                    read += count
                    if progress:
                        progress(done_before + min(position, heads[upstream]), total)
                    if position >= heads[upstream]:
                        break
                done_before += heads[upstream]
            for name, gen in list(pending.items()):
                if self._building_is_current(name, gen):
                    self._swap(name, gen)
                    del pending[name]
        return read

    def _building_is_current(self, name: str, gen: int) -> bool:
        positions = self._positions(name, gen)
        return all(
            positions.get(u, 0) >= (self.stores[u].recorder.max_notification_id() or 0)
            for u in self.projections[name].upstreams
        )

    def tick(self) -> int:
        """One pass over every projection: advance active generations, and any generation
        being built (swapping it in once current). Returns events applied.

        The log heads and every tracking position are read once per tick, so projections that
        are caught up cost nothing more."""
        heads = self.stores.head_positions()
        with self.db.read() as tx:
            states = {
                row[0]: row[1:]
                for row in tx.fetchall(
                    "SELECT name, active_generation, active_version, building_generation "
                    "FROM projection_state"
                )
            }
            tracked = {
                (n, int(g), u): int(p)
                for n, g, u, p in tx.fetchall(
                    "SELECT name, generation, upstream, position FROM projection_tracking"
                )
            }
        behind: dict[str, list[tuple[str, int]]] = {}
        building_gens: dict[str, int] = {}
        for name, projection in self.projections.items():
            if name not in states:
                continue
            active, active_version, building = states[name]
            if active_version != projection.version and building is None:
                try:
                    building = self.start_rebuild(name)
                except Exception:
                    log.exception("projection %s could not start its rebuild", name)
            if building is not None:
                building_gens[name] = int(building)
            for gen in [int(g) for g in (active, building) if g is not None]:
                for upstream in projection.upstreams:
                    if tracked.get((name, gen, upstream), 0) < heads.get(upstream, 0):
                        behind.setdefault(upstream, []).append((name, gen))
        applied = 0
        for upstream, targets in behind.items():
            applied += self._advance(targets, upstream, heads[upstream])
        for name, gen in building_gens.items():
            try:
                if self._building_is_current(name, gen):
                    self._swap(name, gen)
            except Exception:
                log.exception("projection %s could not swap in generation %s", name, gen)
        with self._caught_up:
            self._caught_up.notify_all()
        return applied

    def _advance(self, targets: list[tuple[str, int]], upstream: str, head: int) -> int:
        """Brings these generations up to ``head`` together: one read of the log and one write
        transaction per batch for all of them. If that fails (a projection with a bug), each
        is advanced on its own, so one broken projection never holds the others back."""
        applied = 0
        try:
            position, conflicts = 0, 0
            while position < head:
                try:
                    count, position = self._process_together(targets, upstream, head)
                except TrackingConflict:
                    # Another runner advanced one of them: positions are read afresh each
                    # batch, so carry on from where they now stand.
                    conflicts += 1
                    if conflicts > 100:
                        return applied
                    time.sleep(0.001 * min(conflicts, 20))
                    continue
                applied += count
            return applied
        except Exception:
            log.warning("projections on %s failed together; advancing one by one", upstream)
        for name, gen in targets:
            try:
                position = 0
                while position < head:
                    count, position = self.process_batch(name, gen, upstream, head)
                    applied += count
            except TrackingConflict:
                pass
            except Exception:
                log.exception("projection %s failed; it will retry", name)
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
