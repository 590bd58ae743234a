"""Schemathesis over every operation of the real API, as the owner of a demo practice: no answer
is a server error, and every answer is one the OpenAPI document describes (its status, its
content type, its headers and its body's schema).

One test per operation of the committed document (``make web-check`` keeps it equal to the
served one), on one installation per backend that the operations share, as a user's would be.
The budget is a few examples per operation, valid and invalid, derandomized so that CI repeats
the run a developer saw. The work each request causes (projections, jobs) is driven to idle
before the next one, so every request meets a settled state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.demo import load_demo
from tests.support.installation import backend_params, installation

DOCUMENT = Path(__file__).resolve().parents[2] / "web" / "openapi.json"
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, item in json.loads(DOCUMENT.read_text(encoding="utf-8"))["paths"].items()
    for method in item
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 5


class DemoApi:
    """The service with the demo practice, its owner's credentials and ids of its records, so
    that some examples reach real records and not only unknown ids."""

    def __init__(self, runtime: Runtime, token: str) -> None:
        self.runtime = runtime
        self.owner = {"Authorization": f"Bearer {token}"}
        app = create_app(runtime)
        self.schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        self.schema.config.generation.update(with_security_parameters=False)
        self.client = TestClient(app)  # without its lifespan: no background work
        self.ids = self._known_ids(self.client)

    def _known_ids(self, client: TestClient) -> dict[str, str]:
        def first(path: str, field: str, **params: str) -> str:
            r = client.get(path, params=params, headers=self.owner)
            assert r.status_code == 200, r.text
            return str(r.json()["items"][0][field])

        me = client.get("/auth/me", headers=self.owner).json()["staff_id"]
        staff = client.get("/staff", headers=self.owner).json()["items"]
        case_id = first("/cases", "case_id")
        return {
            "slug": "harbor-therapy",
            "staff_id": next(s["staff_id"] for s in staff if s["staff_id"] != me),
            "location_id": first("/locations", "location_id"),
            "service_id": first("/services", "service_id"),
            "person_id": first("/people", "person_id"),
            "case_id": case_id,
            "aggregate_id": case_id,
            "appointment_id": first(f"/cases/{case_id}/appointments", "appointment_id"),
        }


# One backend's operations run on one worker (``--dist loadgroup``), sharing its installation.
@pytest.fixture(scope="module", params=backend_params("conformance"))
def demo_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoApi]:
    with installation(request.param, tmp_path_factory.mktemp("conformance")) as runtime:
        yield DemoApi(runtime, load_demo(runtime).token)


def _cases(api: DemoApi, label: str) -> st.SearchStrategy[Case]:
    operation = api.schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is in web/openapi.json but the service lacks it"
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    names = [p.name for p in operation.path_parameters]
    if names and all(name in api.ids for name in names):
        known = {name: api.ids[name] for name in names}
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    return st.one_of(strategies)


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_answers_as_documented(demo_api: DemoApi, label: str) -> None:
    @given(case=_cases(demo_api, label))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Case) -> None:
        try:
            response = case.call_and_validate(headers=demo_api.owner, checks=CHECKS)
        finally:
            demo_api.runtime.run_until_idle()
        if response.status_code == 201:  # a creation names where the new record is read
            location = response.headers["location"][0]
            assert demo_api.client.get(location, headers=demo_api.owner).status_code == 200

    answers_as_documented()
