"""Rebuilding a projection into a fresh generation while the active one keeps answering.

A rebuild (or a version bump) builds a new generation from position zero into new tables,
then swaps it in with one update of ``projection_state`` and drops the old tables.
Secondary indexes are created at the swap, not while building.
"""

from __future__ import annotations

import logging

from practicerunner.adapters.readstore import Transaction
from practicerunner.projections.generations import (
    Generations,
    Progress,
    Projection,
    TrackingConflict,
    physical_name,
)

log = logging.getLogger("practicerunner.projections.engine")


class Rebuilding(Generations):
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
            state = self._state(tx, name, for_update=True)
            if state is None or state[2] != gen:
                return  # swapped (or abandoned) by another process meanwhile
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
                            targets, upstream, heads[upstream], batch_size, cached=True
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
                    self.drop_row_caches(name)
        return read

    def _building_is_current(self, name: str, gen: int) -> bool:
        positions = self._positions(name, gen)
        return all(
            positions.get(u, 0) >= (self.stores[u].recorder.max_notification_id() or 0)
            for u in self.projections[name].upstreams
        )
