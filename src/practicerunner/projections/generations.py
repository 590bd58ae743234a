"""Projections and their generations: the tables, tracking rows and batches every engine
operation builds on.

Each projection has generations. The *active* generation's tables answer queries; a rebuild
builds a new one beside it (``projections.rebuild``). Every batch writes its rows and
advances its tracking row in one transaction; the tracking update is conditional on the
position it started from, so two runners can never apply the same batch twice (one of them
rolls back).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from eventsourcing.domain import DomainEventProtocol

from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.readstore import ReadStore, Transaction
from practicerunner.adapters.topics import topics_of
from practicerunner.projections.batch import Batch, RowCache, Table

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


class Generations:
    """Creates generations and applies batches of events to them."""

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
        # Row caches of generations being rebuilt by this engine (see ``RowCache``).
        self._row_caches: dict[tuple[str, int], RowCache] = {}
        with self.db.transaction() as tx:
            for statement in SCHEMA:
                tx.execute(statement)
        for projection in self.projections.values():
            self._ensure_started(projection)

    # -- generations ----------------------------------------------------------------------

    def _state(
        self, tx: Transaction, name: str, for_update: bool = False
    ) -> tuple[Any, ...] | None:
        """The projection's generations. ``for_update`` holds its row to the end of ``tx`` on
        PostgreSQL, so that two processes (a live runner and ``projections rebuild``) never swap
        the same generation at once; a SQLite write transaction holds the whole file anyway."""
        lock = " FOR UPDATE" if for_update and tx.dialect == "postgres" else ""
        return tx.fetchone(
            "SELECT active_generation, active_version, building_generation, building_version "
            f"FROM projection_state WHERE name = %s{lock}",
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

    def tables(self, tx: Transaction, name: str) -> dict[str, str]:
        """Physical table names of a projection's active generation, for queries."""
        row = tx.fetchone("SELECT active_generation FROM projection_state WHERE name = %s", (name,))
        gen = int(row[0]) if row else 1
        return {t.name: physical_name(t.name, gen) for t in self.projections[name].tables}

    # -- applying events ------------------------------------------------------------------

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
        cached: bool = False,
    ) -> tuple[int, int]:
        """Applies the next batch from one upstream to several projection generations at once.

        The notifications are read and decoded once, outside the write transaction; then every
        target's rows and tracking are written in one transaction, each tracking update
        conditional on the position that target started from (a concurrent runner makes this
        batch roll back whole). Returns (notifications read, the position all targets reached).

        ``cached``: keep each target's rows in a ``RowCache`` from batch to batch (for a
        generation being rebuilt, which only its projection runners write).
        """
        app = self.stores[upstream]
        limit = batch_size or self.batch_size
        positions = {t: self._positions(*t) for t in targets}
        starts = {t: positions[t].get(upstream, 0) for t in targets}
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
        # On SQLite a read-back is a library call, not a round trip: keeping the cache costs
        # more than it saves there (measured), so only PostgreSQL keeps one.
        cached = cached and self.db.dialect == "postgres"
        batches: list[tuple[tuple[str, int], Batch]] = []
        with self.db.transaction() as tx:
            for target, projection in projections.items():
                if starts[target] >= reached:
                    continue
                handles = set(projection.handles)
                tables = {t.name: t for t in projection.tables}
                physical = {t.name: physical_name(t.name, target[1]) for t in projection.tables}
                cache = self._row_cache(target, positions[target]) if cached else None
                batch = Batch(tx, tables, physical, self.db.sealer, cache)
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
                batches.append((target, batch))
        for target, batch in batches:  # committed: the caches learn what was written
            batch.settle()
            if cached:
                self._row_caches[target].positions[upstream] = reached
        return len(notifications), reached

    def _row_cache(self, target: tuple[str, int], positions: dict[str, int]) -> RowCache:
        """The target's cache if it is still exactly what was committed (nobody else moved its
        positions since our last batch); otherwise a fresh one, complete if the generation has
        applied nothing yet (its tables are empty)."""
        cache = self._row_caches.get(target)
        if cache is None or cache.positions != positions:
            complete = not any(positions.values())
            cache = self._row_caches[target] = RowCache(positions, complete)
        return cache

    def drop_row_caches(self, name: str) -> None:
        for target in [t for t in self._row_caches if t[0] == name]:
            del self._row_caches[target]
