"""The projection engine: pull-based, batched, crash-safe, rebuilt into fresh tables.

``ProjectionEngine`` runs projections: it advances every active generation (and any being
rebuilt) to the log heads, tick by tick or until caught up, and lets requests wait for their
own writes. Generations and batches live in ``projections.generations``, rebuilding and the
swap in ``projections.rebuild``, the status report in ``projections.status``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from practicerunner.projections.generations import (
    SCHEMA,
    Generations,
    Progress,
    Projection,
    TrackingConflict,
    physical_name,
)
from practicerunner.projections.rebuild import Rebuilding
from practicerunner.projections.status import ProjectionStatus, StatusReport

__all__ = [
    "SCHEMA",
    "Generations",
    "Progress",
    "Projection",
    "ProjectionEngine",
    "ProjectionStatus",
    "TrackingConflict",
    "physical_name",
]

log = logging.getLogger(__name__)


class ProjectionEngine(Rebuilding, StatusReport):
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
