"""Auditors: an aggregate's state and events as of a version or an instant."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.deps import runtime
from practicerunner.api.schemas import HistoryView
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.audit.history import aggregate_history
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["audit"])


@router.get("/history/{aggregate_id}", response_model=HistoryView)
def get_history(
    aggregate_id: UUID,
    request: Request,
    as_of: datetime | None = Query(default=None, description="an ISO 8601 instant with offset"),
    version: int | None = Query(default=None, ge=1),
    principal: Principal = Depends(require(Permission.AUDIT_READ)),
    rt: Runtime = Depends(runtime),
) -> dict:
    names = SchedulingReadModels(rt.engine).actor_names
    history = aggregate_history(
        rt.stores, aggregate_id, as_of=as_of, version=version, names=names,
        practice_id=str(principal.practice_id),
    )  # fmt: skip
    if history.practice_id != str(principal.practice_id):
        raise NotFound("No record with that id.")
    # Any record's history may hold clinical or billing data: every view is in the access log.
    record_access(
        request,
        principal,
        category="audit",
        resource_type=history.aggregate_type,
        resource_id=str(history.aggregate_id),
    )
    return {
        "aggregate_id": str(history.aggregate_id),
        "aggregate_type": history.aggregate_type,
        "version": history.version,
        "as_of": history.as_of.isoformat() if history.as_of else None,
        "state": history.state,
        "events": [
            {
                "version": e.version,
                "event": e.event,
                "recorded_at": e.recorded_at.isoformat(),
                "actor_id": e.actor_id,
                "on_behalf_of": e.on_behalf_of,
                "actor_name": e.actor_name,
                "on_behalf_of_name": e.on_behalf_of_name,
                "data": e.data,
            }
            for e in history.events
        ],
    }
