"""Every route in the OpenAPI document, attacked three ways: no credentials, a caller from
another practice, and a role the permission matrix does not allow. A route without an
authorization declaration fails this suite."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clients import cases
from practicerunner.commands.clients import people as clients
from practicerunner.commands.practice import catalog
from practicerunner.commands.scheduling import booking as booking_cmd
from practicerunner.domain.base import Actor
from practicerunner.domain.identity.permissions import MATRIX, Permission, PortalPermission
from practicerunner.domain.practice.roles import Role
from tests.support.passkeys import caught_up
from tests.support.tenants import Tenant, open_tenant, staff_token

# Open routes are reviewed here one by one: a new public route must be added on purpose.
PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("GET", "/public/practices/{slug}"),
    ("POST", "/auth/join/begin"),
    ("POST", "/auth/join/complete"),
    ("POST", "/auth/reset/begin"),
    ("POST", "/auth/reset/complete"),
    ("POST", "/auth/sign-in/begin"),
    ("POST", "/auth/sign-in/complete"),
    ("POST", "/auth/sign-in/recovery-code"),
    ("POST", "/portal/sign-in/request"),
    ("POST", "/portal/sign-in/link"),
    ("POST", "/portal/sign-in/begin"),
    ("POST", "/portal/sign-in/complete"),
    # A calendar feed's URL holds its own secret token (issue 4).
    ("GET", "/feeds/{token}.ics"),
    # Stripe's webhooks prove themselves by signature; a pay link by its own MAC (issue 9).
    ("POST", "/billing/stripe/webhook"),
    ("GET", "/pay/{token}"),
}


def declaration(route: APIRoute) -> Any:
    """The ``.permission`` of the route's authorization dependency, or None."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if dep.call is not None and hasattr(dep.call, "permission"):
            return dep.call.permission
        stack.extend(dep.dependencies)
    return None


def _walk(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_walk(route.original_router.routes))
        elif hasattr(route, "routes"):
            found.extend(_walk(route.routes))
    return found


def api_routes(client: TestClient) -> list[tuple[str, APIRoute]]:
    openapi = client.app.openapi()  # type: ignore[attr-defined]
    documented = {(m.upper(), p) for p, ops in openapi["paths"].items() for m in ops}
    routes = []
    for route in _walk(client.app.routes):  # type: ignore[attr-defined]
        if not route.include_in_schema:
            continue  # the offline /docs and /redoc pages: public, outside the API document
        for method in route.methods:
            if method == "HEAD":
                continue
            assert (method, route.path) in documented, f"{method} {route.path} not in OpenAPI"
            routes.append((method, route))
    assert len(routes) == len(documented), "every documented operation is a checked route"
    return routes


def test_every_route_declares_its_authorization(runtime: Runtime, client: TestClient) -> None:
    missing = [
        f"{method} {route.path}"
        for method, route in api_routes(client)
        if declaration(route) is None
    ]
    assert missing == [], f"routes without require(...)/require_portal(...)/public: {missing}"
    public = {(m, r.path) for m, r in api_routes(client) if declaration(r) == "public"}
    assert public == PUBLIC_ROUTES


# -- the attack ---------------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], openapi: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = openapi["components"]["schemas"][name]
    return schema


_KNOWN_PATTERNS = {r"^[A-Z]{2}$": "US", r"^[a-z_]+:\d+$": "practice:1"}


def sample(schema: dict[str, Any], openapi: dict[str, Any]) -> Any:
    """A value that passes the request schema, so that a request reaches the tenant check."""
    schema = _resolve(schema, openapi)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, openapi).get("type") != "null"]
            return sample(options[0], openapi)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: sample(prop, openapi)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        return [sample(schema["items"], openapi)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date-time":
        return "2026-03-02T14:00:00Z"
    if schema.get("format") == "date":
        return "2026-03-02"
    if schema.get("pattern") in _KNOWN_PATTERNS:
        return _KNOWN_PATTERNS[schema["pattern"]]
    return "x" * max(schema.get("minLength", 1), 1)


def body_for(route: APIRoute, method: str, openapi: dict[str, Any]) -> Any:
    operation = openapi["paths"][route.path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return sample(content["application/json"]["schema"], openapi)


class World:
    """Practice A (the victim, with something of every kind) and practice B (the attacker)."""

    def __init__(self, rt: Runtime, client: TestClient) -> None:
        self.rt = rt
        self.a: Tenant = open_tenant(rt, "harbor-therapy")
        self.b: Tenant = open_tenant(rt, "bayside-counseling")
        self.role_tokens = {
            role: staff_token(rt, self.a, role) for role in Role if role != Role.OWNER
        }
        ctx = rt.context(Actor(self.a.owner_id), self.a.practice_id)
        location = catalog.add_location(
            catalog.AddLocation(name="Office", session_format="video"), ctx
        )
        service = catalog.add_service(
            catalog.AddService(name="Session", duration_minutes=50, fee_cents=100), ctx
        )
        # A client, their case (served by the owner) and a session: every case-level route
        # gets real ids, which a provider of the same practice who is not on the case must
        # not reach.
        ana = clients.register_person(
            clients.RegisterPerson(given_name="Ana", family_name="Alvarez"), ctx
        )
        case = cases.open_case(
            cases.OpenCase(kind="individual", participant_ids=[ana.id],
                           provider_ids=[uuid.UUID(self.a.owner_id)]),
            ctx,
        )  # fmt: skip
        appointment = booking_cmd.book_appointment(
            booking_cmd.BookAppointment(
                case_id=case.id, provider_id=uuid.UUID(self.a.owner_id), service_id=service.id,
                location_id=location.id, start=rt.clock.now() + timedelta(days=7),
            ),
            ctx,
        )  # fmt: skip
        caught_up(rt)
        staff = client.get("/staff", headers=self.a.headers).json()["items"]
        # Ids of practice A's records, by path parameter name; anything else gets a random id.
        self.ids = {
            "staff_id": next(s["staff_id"] for s in staff if s["role"] == "provider"),
            "aggregate_id": str(self.a.practice_id),
            "location_id": str(location.id),
            "service_id": str(service.id),
            "person_id": str(ana.id),
            "case_id": str(case.id),
            "appointment_id": str(appointment.id),
        }
        self.portal_session = self.session("portal", self.a, str(uuid.uuid4()))
        self.a_fingerprints = {str(self.a.practice_id), self.a.owner_id, "Harbor Therapy"}
        self.a_fingerprints |= {v for k, v in self.ids.items()}

    def session(self, kind: str, tenant: Tenant, subject: str) -> dict[str, str]:
        """A freshly signed-in session (recent enough for sensitive actions)."""
        now = self.rt.clock.now()
        token, _ = self.rt.sessions.start(
            kind=kind,
            practice_id=str(tenant.practice_id),
            subject_id=subject,
            method="test",
            idle_timeout=timedelta(minutes=30),
            lifetime=timedelta(hours=12),
            now=now,
        )
        return {"Authorization": f"Bearer {token}"}

    def path(self, route: APIRoute) -> str:
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "slug":
                return "harbor-therapy"
            return self.ids.get(name, str(uuid.uuid4()))

        return re.sub(r"\{(\w+)\}", fill, route.path)


def call(client: TestClient, method: str, path: str, headers: dict[str, str], body: Any) -> Any:
    return client.request(method, path, headers=headers, json=body)


def test_every_route_refuses_strangers_other_practices_and_roles_it_does_not_serve(
    runtime: Runtime, client: TestClient
) -> None:
    world = World(runtime, client)
    openapi = client.app.openapi()  # type: ignore[attr-defined]
    failures: list[str] = []
    checked = 0
    for method, route in api_routes(client):
        permission = declaration(route)
        if permission == "public":
            continue
        checked += 1
        path = world.path(route)
        body = body_for(route, method, openapi)
        label = f"{method} {route.path}"

        anonymous = call(client, method, path, {}, body)
        if anonymous.status_code != 401:
            failures.append(f"{label}: anonymous got {anonymous.status_code}")

        # A fresh session each time: some routes (sign-out) end the caller's session.
        b_owner = world.session("staff", world.b, world.b.owner_id)
        other = call(client, method, path, b_owner, body)
        if isinstance(permission, Permission):
            leaked = [f for f in world.a_fingerprints if f in other.text]
            if leaked:
                failures.append(f"{label}: practice B saw practice A's data")
            if "{" in route.path and "slug" not in route.path and other.status_code != 404:
                failures.append(f"{label}: practice B got {other.status_code}, not 404")

        if isinstance(permission, PortalPermission):
            denied = [("a staff member", world.a.headers)]
        else:
            denied = [
                (role.value, {"Authorization": f"Bearer {token}"})
                for role, token in world.role_tokens.items()
                if permission not in MATRIX[role]
            ] or [("a portal client", world.portal_session)]
        for who, headers in denied:
            refused = call(client, method, path, headers, body)
            if refused.status_code != 403:
                failures.append(f"{label}: {who} got {refused.status_code}, not 403")
    assert checked > 40
    assert failures == []


CASE_LEVEL = ("{case_id}", "{appointment_id}", "{person_id}")


def test_a_provider_not_on_a_case_gets_404_on_every_case_level_route(
    runtime: Runtime, client: TestClient
) -> None:
    """Case-level access on top of the matrix: every route addressing a case, an appointment
    or a client of a case, called by a provider of the same practice who neither serves nor
    supervises that case, answers 404 (never 403: the record does not exist for them)."""
    world = World(runtime, client)
    openapi = client.app.openapi()  # type: ignore[attr-defined]
    outsider = {"Authorization": f"Bearer {world.role_tokens[Role.PROVIDER]}"}
    failures: list[str] = []
    checked = 0
    for method, route in api_routes(client):
        permission = declaration(route)
        if not isinstance(permission, Permission) or permission not in MATRIX[Role.PROVIDER]:
            continue
        if not any(p in route.path for p in CASE_LEVEL):
            continue
        checked += 1
        answer = call(client, method, world.path(route), outsider, body_for(route, method, openapi))
        if answer.status_code != 404:
            failures.append(f"{method} {route.path}: {answer.status_code} {answer.text[:120]}")
        elif "Ana" in answer.text:
            failures.append(f"{method} {route.path}: leaked the client's name")
    assert checked > 25
    assert failures == []
    # And the owner, who serves the case, reaches it.
    assert client.get(f"/cases/{world.ids['case_id']}", headers=world.a.headers).is_success


@pytest.mark.parametrize("role", [r for r in Role if r != Role.OWNER])
def test_the_matrix_gives_the_owner_everything_and_no_one_more(role: Role) -> None:
    assert MATRIX[role] <= MATRIX[Role.OWNER]
    assert MATRIX[Role.OWNER] == frozenset(Permission)
