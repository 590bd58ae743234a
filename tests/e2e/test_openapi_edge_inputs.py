"""Odd values in the headers and parameters every route shares answer 400/422 at once, never a
server error and never a wait: what the conformance run met at the edges of the schema."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicerunner.bootstrap.runtime import Runtime
from tests.support.tenants import Tenant, open_tenant

PROBLEMS = "https://practicerunner.org/problems/"


@pytest.fixture
def tenant(runtime: Runtime) -> Tenant:
    return open_tenant(runtime)


def _name(client: TestClient, tenant: Tenant) -> str:
    name: str = client.get("/practice", headers=tenant.headers).json()["name"]
    return name


@pytest.mark.parametrize("value", [b"\xb2", b"9" * 5000, b"12345678901234567890", b'"-1"', b""])
def test_an_if_match_that_names_no_version_is_refused_with_nothing_written(
    runtime: Runtime, client: TestClient, tenant: Tenant, value: bytes
) -> None:
    before = _name(client, tenant)
    r = client.post(
        "/practice/rename",
        json={"name": "Renamed"},
        headers=[("Authorization", tenant.headers["Authorization"]), ("If-Match", value)],
    )
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == PROBLEMS + "invalid-if-match"
    runtime.run_until_idle()
    assert _name(client, tenant) == before


def test_a_position_beyond_the_log_is_refused_at_once(client: TestClient, tenant: Tenant) -> None:
    r = client.post("/practice/rename", json={"name": "Renamed"}, headers=tenant.headers)
    context, _, reached = r.json()["position"].partition(":")
    r = client.get(f"/practice?after={context}:{int(reached) + 1000}", headers=tenant.headers)
    assert r.status_code == 422, r.text
    assert r.json()["type"] == PROBLEMS + "validation-error"
    assert "has not reached" in r.json()["detail"]
    r = client.get(f"/practice?after={context}:{reached}", headers=tenant.headers)
    assert (r.status_code, r.json()["name"]) == (200, "Renamed")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(after=st.text(max_size=30) | st.from_regex(r"\A[a-z_]{1,12}:[0-9]{1,40}\Z"))
def test_no_after_value_is_a_server_error(client: TestClient, tenant: Tenant, after: str) -> None:
    r = client.get("/practice", params={"after": after}, headers=tenant.headers)
    assert r.status_code in (200, 422), (after, r.text)
    if r.status_code == 422:
        assert r.headers["content-type"] == "application/problem+json"
