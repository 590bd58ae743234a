"""The OpenAPI document, made to tell the truth about every operation in one place.

FastAPI documents what a route returns when it succeeds and its request validation. What else
a route may answer follows from how it is declared, so it is derived here rather than written
on each route:

* its authorization dependency (``api.auth``): staff and portal routes name their security
  schemes (a bearer token or the session cookie) and may answer 401 and 403; public routes
  need neither;
* a path parameter: 404 (also for another practice's ids);
* an id in a required query parameter or in the body (a field named ``*_id`` or ``*_ids``):
  404;
* ``If-Match`` (``deps.expected_version``): the header itself, 400 for a value that is no
  version and 412 for a stale one;
* every POST: 409 (a concurrent change, or a retry while the first is running) and 422;
  ``Idempotency-Key`` where the idempotency layer accepts one (400 where it refuses one);
* read-your-writes (``deps.consistent_with``): 503 with ``Retry-After``;
* a 201: its ``Location`` header; a command answer: ``ETag`` and ``X-Log-Position``.

A route declares only what cannot be derived, with ``responses=problem_responses(429)``.
Every error answer is ``application/problem+json`` with the ``Problem`` schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from practicerunner.api.auth import SESSION_COOKIE
from practicerunner.api.deps import expected_version
from practicerunner.api.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from practicerunner.api.idempotency import carries_secrets
from practicerunner.domain.identity.permissions import Permission, PortalPermission


class ValidationIssue(BaseModel):
    """One reason a request was refused as invalid."""

    location: list[str | int]
    message: str | None = None
    type: str | None = None


class Problem(BaseModel):
    """An RFC 9457 problem. ``type`` is stable and names the refusal; other members (such as
    ``permission`` or ``existing_id``) depend on it."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[PROBLEM_BASE + "not-found"])
    title: str
    status: int = Field(ge=400, le=599)
    detail: str | None = None
    errors: list[ValidationIssue] | None = Field(
        default=None, description="for validation-error: each invalid part of the request"
    )


MEANINGS = {
    400: "The request is malformed: a body that cannot be parsed, an If-Match that names no "
    "version, or an Idempotency-Key where none is accepted.",
    401: "Sign-in required: no credential, or one that is unknown, ended or expired.",
    403: "Not allowed: the role, the practice's plan, the case access or a missing recent "
    "sign-in refuses it.",
    404: "Not found; another practice's ids answer exactly the same.",
    409: "Conflicts with the current state (a concurrent change, a taken name), or a request "
    "with this Idempotency-Key is still running.",
    412: "If-Match names a version that is no longer the current one.",
    422: "The request is not valid or breaks a rule of the practice.",
    429: "Too many attempts: wait before trying again.",
    503: "The view has not caught up with the `after` position yet; retry after Retry-After.",
}

BEARER = "bearer"
SESSION = "session"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "A session token (from a sign-in with session_type=api) or a long-lived "
        "API token issued by `practicerunner init`/`demo`.",
    },
    SESSION: {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The browser session cookie set by a sign-in; writes must come from "
        "the service's own origin.",
    },
}

IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The ETag of the resource you read (e.g. "3"): the change is refused with '
    "412 if it has changed since.",
    "schema": {"type": "string", "maxLength": 40},
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A key of your choosing: a retry with the same key and request gets the "
    "first answer and changes nothing twice (kept for 24 hours).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that may answer a status its declaration does not show
    (e.g. 429 for a throttled sign-in ceremony)."""
    return {status: {"model": Problem, "description": MEANINGS[status]} for status in statuses}


# A sign-in ceremony counts failures per address and account (``session_policy``).
THROTTLED = problem_responses(429)


def install(app: FastAPI) -> None:
    """Replaces ``app.openapi`` with the post-processed document (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            tell_the_truth(document, app.routes)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def tell_the_truth(document: dict[str, Any], routes: list[Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    # Included routers are resolved lazily: each context stands for one route as mounted.
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path_format].get(method.lower())
            if operation is not None:
                _describe(operation, route, method, schemas)


def _describe(operation: dict[str, Any], route: Any, method: str, schemas: dict[str, Any]) -> None:
    calls = list(_calls(route.dependant))
    responses: dict[str, Any] = operation["responses"]
    statuses = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
    parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])

    realm = _realm(calls)
    if realm is not None:
        statuses |= {401, 403}
        operation["security"] = [{BEARER: []}, {SESSION: []}]
    if any(p["in"] == "path" for p in parameters) or _names_ids(operation, schemas):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses.add(400)  # a body that cannot be parsed
    if expected_version in calls:
        parameters.append(IF_MATCH)
        statuses |= {400, 412}
    if method == "POST":
        statuses |= {409, 422}
        if carries_secrets(route.path_format):
            statuses.add(400)
            if realm is None:  # a public ceremony: a link, code or passkey that signs no one in
                statuses.add(401)
        else:
            parameters.append(IDEMPOTENCY_KEY)
    if any(getattr(call, "read_your_writes", False) for call in calls):
        statuses.add(503)
    if not parameters:
        del operation["parameters"]

    for status in sorted(statuses):
        entry: dict[str, Any] = {
            "description": MEANINGS.get(status, responses.get(str(status), {}).get("description")),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status == 503:
            entry["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses[str(status)] = entry
    _success_headers(responses, route)
    operation["responses"] = dict(sorted(responses.items()))


def _success_headers(responses: dict[str, Any], route: Any) -> None:
    headers: dict[str, Any] = {}
    if getattr(route.endpoint, "answers_command", False):
        headers["ETag"] = {
            "description": "The version the aggregate reached, for a later If-Match.",
            "schema": {"type": "string"},
        }
        headers["X-Log-Position"] = {
            "description": "The log position reached: `?after=` it reads your write.",
            "schema": {"type": "string"},
        }
    if "201" in responses:
        headers["Location"] = {
            "description": "Where the created resource is.",
            "required": True,
            "schema": {"type": "string"},
        }
    for code, response in responses.items():
        if code.startswith("2") and headers:
            wanted = (
                dict(headers)
                if code == "201"
                else {k: v for k, v in headers.items() if k != "Location"}
            )
            response.setdefault("headers", {}).update(wanted)


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _realm(calls: list[Any]) -> str | None:
    """ "staff", "portal", or None for a public route."""
    for call in calls:
        permission = getattr(call, "permission", None)
        if isinstance(permission, Permission):
            return "staff"
        if isinstance(permission, PortalPermission):
            return "portal"
    return None


def _names_ids(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether the request names a record by id: a required query parameter (an optional one
    only filters a list) or a body field named ``*_id`` or ``*_ids``."""
    if any(
        p["in"] == "query" and p.get("required") and p["name"].endswith("_id")
        for p in operation.get("parameters", [])
    ):
        return True
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref:
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
    return any(name.endswith(("_id", "_ids")) for name in schema.get("properties", {}))
