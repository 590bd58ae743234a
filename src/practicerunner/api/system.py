"""Health and operations: liveness for load balancers, projection status for owners."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from practicerunner.api.auth import Principal, public, require
from practicerunner.api.deps import runtime
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.permissions import Permission

router = APIRouter(tags=["system"])


@router.get("/health")
def health(_: None = Depends(public), rt: Runtime = Depends(runtime)) -> dict:
    """Liveness and readiness: the event store and read store answer."""
    heads = rt.stores.head_positions()
    with rt.db.read() as tx:
        tx.fetchone("SELECT 1")
    return {
        "status": "ok",
        "database": (
            "postgresql"
            if rt.settings.is_postgres
            else "memory"
            if rt.settings.is_memory
            else "sqlite"
        ),
        "contexts": sorted(heads),
    }


@router.get("/admin/projections")
def projection_status(
    _: Principal = Depends(require(Permission.SYSTEM_READ)), rt: Runtime = Depends(runtime)
) -> list[dict]:
    return [
        {
            "name": s.name,
            "version": s.version,
            "active_generation": s.active_generation,
            "building_generation": s.building_generation,
            "positions": s.positions,
            "heads": s.heads,
            "lag": s.lag,
            "stale": s.stale,
        }
        for s in rt.engine.status()
    ]
