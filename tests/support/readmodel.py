"""Reading whole read-model tables, to compare one build of a projection with another."""

from __future__ import annotations

from typing import Any

from practicerunner.bootstrap.runtime import Runtime


def table_contents(rt: Runtime, projection: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = rt.engine
    spec = engine.projections[projection]
    out = {}
    with rt.db.read() as tx:
        physical = engine.tables(tx, projection)
        for table in spec.tables:
            cols = ", ".join(table.columns)
            order = ", ".join(table.key)
            out[table.name] = tx.fetchall(
                f"SELECT {cols} FROM {physical[table.name]} ORDER BY {order}"
            )
    return out


def all_contents(rt: Runtime) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    return {
        name: table_contents(rt, name)
        for name, p in rt.engine.projections.items()
        if getattr(p, "rebuildable", True)
    }
