"""Declaring command routes: one line per command instead of one hand-written endpoint each.

``command_route`` builds a POST endpoint that authorizes, validates the body (the command's
fields minus the id taken from the path), honours If-Match and returns a ``CommandAnswer``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import create_model

from practicerunner.api.auth import Principal, require
from practicerunner.api.deps import CommandAnswer, answer, expected_version, runtime
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import Command, CommandResult
from practicerunner.domain.identity.permissions import Permission


def _body_model(command: type[Command], path_param: str | None) -> type[Command]:
    if path_param is None:
        return command
    fields: dict[str, Any] = {
        name: (field.annotation, field)
        for name, field in command.model_fields.items()
        if name != path_param
    }
    return create_model(f"{command.__name__}Body", __base__=Command, **fields)


# A table of one context's command routes: (path suffix, handler, command[, permission]).
CommandRoute = tuple[str, Callable[..., CommandResult], type[Command]]
PermittedCommandRoute = tuple[str, Callable[..., CommandResult], type[Command], Permission]


def command_route(
    router: APIRouter,
    path: str,
    handler: Callable[..., CommandResult],
    command: type[Command],
    permission: Permission,
    *,
    path_param: str | None = None,
    status_code: int = 200,
    versioned: bool = True,
    summary: str | None = None,
    guard: Callable[[Request, Principal, dict[str, Any]], None] | None = None,
    recent_sign_in: bool = False,
    location: str | None = None,
) -> None:
    """``guard`` (e.g. ``case_access.case_guard``) sees the validated command's fields and may
    refuse (404 for a case the caller does not reach) before the handler writes anything.
    ``recent_sign_in`` marks a sensitive command (a passkey confirmation in the last 10
    minutes, see ``api.auth.require``). A creation (201) answers ``Location``: ``location``
    with ``{id}`` for the new record (e.g. ``"/notes/{id}"``), or the path plus its id."""
    body_model = _body_model(command, path_param)
    has_body = bool(body_model.model_fields)

    def endpoint(request: Request, response: Response, **kwargs: Any) -> CommandAnswer:
        principal: Principal = kwargs["principal"]
        rt: Runtime = kwargs["rt"]
        values = kwargs["body"].model_dump() if has_body else {}
        if path_param:
            values[path_param] = kwargs[path_param]
        cmd = command.model_validate(values)
        if guard is not None:
            guard(request, principal, dict(cmd))
        ctx = rt.context(principal.actor, principal.practice_id)
        args: dict[str, Any] = {}
        if versioned:
            args["expected_version"] = kwargs["if_match"]
        result = handler(cmd, ctx, **args)
        if status_code == 201:
            response.headers["Location"] = (
                location.format(id=result.id)
                if location
                else f"{request.url.path.rstrip('/')}/{result.id}"
            )
        return answer(result, principal, response, request)

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter("response", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Response),
        inspect.Parameter(
            "principal",
            inspect.Parameter.KEYWORD_ONLY,
            default=Depends(require(permission, recent_sign_in=recent_sign_in)),
            annotation=Principal,
        ),
        inspect.Parameter(
            "rt", inspect.Parameter.KEYWORD_ONLY, default=Depends(runtime), annotation=Runtime
        ),
    ]
    if path_param:
        params.append(
            inspect.Parameter(
                path_param, inspect.Parameter.KEYWORD_ONLY, default=Path(), annotation=UUID
            )
        )
    if has_body:
        params.append(
            inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=body_model)
        )
    if versioned:
        params.append(
            inspect.Parameter(
                "if_match",
                inspect.Parameter.KEYWORD_ONLY,
                default=Depends(expected_version),
                annotation=int | None,
            )
        )
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = handler.__name__
    endpoint.answers_command = True  # type: ignore[attr-defined]
    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        response_model=CommandAnswer,
        status_code=status_code,
        summary=summary or handler.__name__.replace("_", " ").capitalize(),
        description=inspect.getdoc(handler) or None,
    )
