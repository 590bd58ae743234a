"""The access log (owners): who read which clinical or billing record, when, from where and
acting for whom; and the practice's data export. Both work on the Archive plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.deps import page_params, read_models, runtime
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.practice.queries import ReadModels

router = APIRouter(tags=["audit"])


class AccessLogEntry(BaseModel):
    entry_id: str
    at: str
    actor_id: str
    on_behalf_of: str | None
    session_id: str | None
    address: str | None
    action: str
    category: str
    resource_type: str
    resource_id: str | None
    route: str


class AccessLogPage(BaseModel):
    items: list[AccessLogEntry]
    next_cursor: str | None


@router.get("/access-log", response_model=AccessLogPage)
def query_access_log(
    actor_id: str | None = Query(default=None, max_length=100),
    resource_id: str | None = Query(default=None, max_length=100),
    since: datetime | None = None,
    until: datetime | None = None,
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(Permission.ACCESS_LOG_READ)),
    rt: Runtime = Depends(runtime),
) -> object:
    return rt.access_log.query(
        str(principal.practice_id),
        actor_id=actor_id,
        resource_id=resource_id,
        since=since,
        until=until,
        **page,
    )


@router.get("/access-log/export", response_class=StreamingResponse)
def export_access_log(
    request: Request,
    since: datetime | None = None,
    until: datetime | None = None,
    principal: Principal = Depends(require(Permission.ACCESS_LOG_READ, recent_sign_in=True)),
    rt: Runtime = Depends(runtime),
) -> StreamingResponse:
    """The whole log (or a period) as CSV. Needs a recent passkey confirmation."""
    record_access(
        request,
        principal,
        category="export",
        resource_type="access_log",
        resource_id=None,
        action="export",
    )
    return StreamingResponse(
        rt.access_log.export_csv(str(principal.practice_id), since=since, until=until),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="access-log.csv"'},
    )


@router.get("/practice/export")
def export_practice(
    request: Request,
    principal: Principal = Depends(require(Permission.PRACTICE_EXPORT, recent_sign_in=True)),
    rm: ReadModels = Depends(read_models),
) -> dict[str, Any]:
    """The practice's set-up as JSON: practice, staff, locations, services. Works on Archive.
    (Clients, cases and billing join the export as those areas land.)"""
    practice_id = str(principal.practice_id)
    record_access(
        request,
        principal,
        category="export",
        resource_type="practice",
        resource_id=practice_id,
        action="export",
    )

    def everything(query: Any, **kwargs: Any) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            page = query(practice_id, limit=200, cursor=cursor, **kwargs)
            items.extend(page.items)
            if page.next_cursor is None:
                return items
            cursor = page.next_cursor

    return {
        "format": "practicerunner-export/1",
        "practice": rm.practice(practice_id),
        "staff": everything(rm.staff),
        "locations": everything(rm.locations, include_archived=True),
        "services": everything(rm.services, include_retired=True),
    }
