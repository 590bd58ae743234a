"""Dependencies routers share: the runtime, command execution, If-Match, read-your-writes,
pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Query, Request, Response
from pydantic import BaseModel

from practicerunner.api.auth import Principal
from practicerunner.api.errors import ApiProblem
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandResult
from practicerunner.projections.practice.queries import ReadModels

# Dependencies that do no I/O are ``async``: FastAPI runs them on the event loop, where a
# plain ``def`` would cost a hand-off to the thread pool and back on every request.


async def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def read_models(request: Request) -> ReadModels:
    rm: ReadModels = request.app.state.read_models
    return rm


MAX_VERSION_DIGITS = 18


async def expected_version(request: Request) -> int | None:
    """``If-Match: "<version>"`` (an ETag we sent), or a bare version number."""
    value = request.headers.get("if-match")
    if value is None or value.strip() == "*":
        return None
    cleaned = value.strip().removeprefix("W/").strip('"')
    # ASCII digits only ("²" is a digit to str.isdigit), and no more than a version can be.
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > MAX_VERSION_DIGITS:
        raise ApiProblem(
            400,
            "invalid-if-match",
            "Invalid If-Match",
            'If-Match takes the ETag of the resource, e.g. "3".',
        )
    return int(cleaned)


class CommandAnswer(BaseModel):
    id: str
    version: int
    position: str
    acting_for: str | None = None
    extra: dict[str, Any] = {}


def answer(
    result: CommandResult, principal: Principal, response: Response, request: Request
) -> CommandAnswer:
    """Shapes a command's result and nudges the in-process projections."""
    request.app.state.runtime.engine.wake()
    response.headers["ETag"] = f'"{result.version}"'
    response.headers["X-Log-Position"] = result.position
    extra = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in result.extra.items()}
    return CommandAnswer(
        id=str(result.id),
        version=result.version,
        position=result.position,
        acting_for=principal.on_behalf_of,
        extra=extra,
    )


def consistent_with(*projections: str) -> Callable[..., None]:
    """Read-your-writes: ``?after=practice:42`` waits (at most 5 s) until these projections
    have applied that position; if they have not, 503 with Retry-After."""

    def dependency(
        request: Request,
        after: str | None = Query(
            default=None, pattern=r"^[a-z_]+:[0-9]+$", description="a position a command returned"
        ),
    ) -> None:
        if not after:
            return
        context, _, digits = after.partition(":")
        rt: Runtime = request.app.state.runtime
        if context not in rt.stores.apps:
            raise ApiProblem(
                422, "validation-error", "Unknown position", f"No context named '{context}'."
            )
        # A position the log has not reached was never answered by a command: waiting for it
        # would only hold a worker for the whole timeout.
        head = rt.stores.apps[context].recorder.max_notification_id() or 0
        position = int(digits) if digits.isascii() and len(digits) <= len(str(head)) else None
        if position is None or position > head:
            raise ApiProblem(
                422,
                "validation-error",
                "Unknown position",
                f"The {context} log has not reached that position; send one a command returned.",
            )
        if not rt.engine.wait_for(list(projections), {context: position}, timeout=5.0):
            raise ApiProblem(
                503,
                "read-model-behind",
                "Still catching up",
                "The view has not caught up with that position yet; retry shortly.",
                headers={"Retry-After": "1"},
            )

    dependency.read_your_writes = True  # type: ignore[attr-defined]
    return dependency


async def page_params(
    limit: int = Query(default=50, ge=1, le=200),
    cursor: str | None = Query(default=None, max_length=500),
) -> dict[str, Any]:
    return {"limit": limit, "cursor": cursor}
