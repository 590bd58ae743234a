"""Private calendar feeds: issuing, rotating and revoking tokens (staff), and the public,
token-addressed ICS feed that calendar apps poll (cheaply, with ETag and Last-Modified)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from practicerunner.api.auth import Principal, public, require
from practicerunner.api.clients.case_access import feed_guard
from practicerunner.api.deps import runtime
from practicerunner.api.routing import command_route
from practicerunner.api.scheduling.schemas import scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.scheduling import feeds as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.domain.scheduling.feeds import FeedOwner
from practicerunner.projections.scheduling.calendar_feeds import FeedComposer
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["calendar feeds"])
M = Permission.FEEDS_MANAGE

command_route(
    router, "/calendar-feeds/issue", cmd.issue_calendar_feed, cmd.FeedCommand, M,
    versioned=False, summary="Switch on or rotate a calendar feed (the token is shown once)",
    guard=feed_guard,
)  # fmt: skip
command_route(
    router, "/calendar-feeds/revoke", cmd.revoke_calendar_feed, cmd.FeedCommand, M,
    versioned=False, summary="Switch off a calendar feed", guard=feed_guard,
)  # fmt: skip


class StaffFeedState(BaseModel):
    owner_kind: FeedOwner
    owner_id: str
    enabled: bool


@router.get("/calendar-feeds", response_model=StaffFeedState)
def calendar_feed_state(
    request: Request,
    owner_kind: FeedOwner = Query(),
    owner_id: UUID = Query(),
    principal: Principal = Depends(require(M)),
    rt: Runtime = Depends(runtime),
) -> dict:
    """Whether a provider's or client's calendar feed is switched on. Its address is never
    shown again: it is in the answer of the issue (or rotate) command only."""
    feed_guard(request, principal, {"owner_kind": owner_kind, "owner_id": owner_id})
    ctx = rt.context(principal.actor, principal.practice_id)
    enabled = cmd.feed_switched_on(ctx, owner_kind, owner_id)
    return {"owner_kind": owner_kind, "owner_id": str(owner_id), "enabled": enabled}


@router.get(
    "/feeds/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}},
)
def calendar_feed(
    request: Request,
    token: str = Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"),
    _: None = Depends(public),
    rt: Runtime = Depends(runtime),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
) -> Response:
    """A read-only iCalendar feed. Unknown, rotated-away and revoked tokens answer 404."""
    feed = cmd.feed_for_token(rt.stores, token)
    if feed is None:
        raise NotFound("No calendar feed here.")
    rendered = FeedComposer(rt.stores, rm, feed).render(rt.clock.now())
    headers = {
        "ETag": rendered.etag,
        "Cache-Control": "private, max-age=300",
        "Referrer-Policy": "no-referrer",
    }
    if rendered.last_modified is not None:
        headers["Last-Modified"] = format_datetime(rendered.last_modified, usegmt=True)
    if _not_modified(request, rendered.etag, rendered.last_modified):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type="text/calendar; charset=utf-8", headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
    since = request.headers.get("if-modified-since")
    if since and last_modified is not None:
        try:
            return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
