"""What ``practicerunner projections status`` shows: each projection's generations, positions
and lag behind the log heads."""

from __future__ import annotations

from dataclasses import dataclass

from practicerunner.projections.generations import Generations


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


class StatusReport(Generations):
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
