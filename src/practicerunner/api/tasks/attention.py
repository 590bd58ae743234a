"""Needs Attention, the route a dashboard polls: open items for the caller (theirs and their
role's) or for the whole practice, with counts by type. Polling is cheap: the answer carries
an ETag built from the practice's task revision, and a request whose If-None-Match still
matches gets 304 after one indexed lookup, before any list is read."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from practicerunner.api.auth import Principal, require
from practicerunner.api.clients.case_access import scope_of
from practicerunner.api.deps import consistent_with
from practicerunner.api.errors import ApiProblem
from practicerunner.api.tasks.schemas import AttentionView
from practicerunner.api.tasks.tasks import own_assignees, task_queries
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.tasks.queries import TaskQueries

router = APIRouter(tags=["tasks"])


def _etag(revision: int, principal: Principal, scope: str, limit: int) -> str:
    # The revision moves with every change to any task of the practice; the rest names
    # whose view it is, so two users (or a role change) never share a tag.
    who = "practice" if scope == "practice" else f"{principal.staff_id}.{principal.role.value}"
    return f'W/"{revision}.{who}.{limit}"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") in (wanted, "*") for t in header.split(","))


@router.get(
    "/attention",
    response_model=AttentionView,
    responses={304: {"description": "Nothing changed since the ETag sent in If-None-Match"}},
)
def needs_attention(
    request: Request,
    response: Response,
    scope: Literal["me", "practice"] = Query(default="me"),
    limit: int = Query(default=20, ge=1, le=100),
    principal: Principal = Depends(require(Permission.TASKS_READ)),
    queries: TaskQueries = Depends(task_queries),
    _: None = Depends(consistent_with("tasks")),
) -> Any:
    if scope == "practice" and scope_of(principal) is not None:
        raise ApiProblem(
            403, "forbidden", "Not allowed",
            "The practice's Needs Attention is for the owner and administrators.",
        )  # fmt: skip
    practice_id = str(principal.practice_id)
    if_none_match = request.headers.get("if-none-match")
    if if_none_match:
        etag = _etag(queries.revision(practice_id), principal, scope, limit)
        if _matches(if_none_match, etag):
            return Response(status_code=304, headers={"ETag": etag})
    assignees = None if scope == "practice" else own_assignees(principal)
    found = queries.attention(practice_id, assignees, limit)
    response.headers["ETag"] = _etag(found.revision, principal, scope, limit)
    response.headers["Cache-Control"] = "private, no-cache"
    return {
        "scope": scope,
        "items": found.items,
        "counts": found.counts,
        "total": found.total,
        "revision": found.revision,
    }
