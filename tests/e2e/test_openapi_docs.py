"""The API documentation: served offline by the service, and telling the truth about what each
operation may answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.practice.roles import Plan
from tests.support.clinical import open_clinic

ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize(
    ("page", "needed"),
    [("/docs", {"swagger-ui-bundle.js", "swagger-ui.css"}), ("/redoc", {"redoc.standalone.js"})],
)
def test_docs_pages_load_every_asset_from_the_service(
    client: TestClient, page: str, needed: set[str]
) -> None:
    r = client.get(page, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assets = ASSET.findall(r.text)
    assert needed <= {url.rsplit("/", 1)[-1] for url in assets}
    for url in assets:
        assert url.startswith("/"), f"{page} loads {url} from another host"
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
    assert "//" not in "".join(re.findall(r"url:\s*'([^']*)'", r.text))
    assert "fonts.googleapis" not in r.text


def test_the_document_names_both_ways_to_authenticate(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["session"]["in"] == "cookie"
    assert schemes["session"]["name"] == "__Host-pr_session"
    staff_read = document["paths"]["/practice"]["get"]
    assert staff_read["security"] == [{"bearer": []}, {"session": []}]
    assert "security" not in document["paths"]["/health"]["get"]
    assert "security" not in document["paths"]["/auth/sign-in/complete"]["post"]


def _problem_statuses(operation: dict[str, Any]) -> set[int]:
    statuses = set()
    for code, response in operation["responses"].items():
        if int(code) >= 400:
            assert list(response["content"]) == ["application/problem+json"], code
            schema = response["content"]["application/problem+json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, code
            statuses.add(int(code))
    return statuses


def test_every_error_answer_is_a_problem(document: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in document["components"]["schemas"]
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = _problem_statuses(operation)
            if operation.get("security"):
                assert {401, 403} <= statuses, (method, path)
            if "{" in path:
                assert 404 in statuses, (method, path)


def _parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation.get("parameters", [])}


def test_a_versioned_command_documents_if_match_and_idempotency(
    document: dict[str, Any],
) -> None:
    rename = document["paths"]["/staff/{staff_id}/rename"]["post"]
    parameters = _parameters(rename)
    assert parameters["If-Match"]["in"] == "header"
    assert parameters["Idempotency-Key"]["schema"]["maxLength"] == 255
    assert _problem_statuses(rename) == {400, 401, 403, 404, 409, 412, 422}
    assert set(rename["responses"]["200"]["headers"]) == {"ETag", "X-Log-Position"}


def test_a_create_answers_201_with_its_location(document: dict[str, Any]) -> None:
    register = document["paths"]["/people"]["post"]
    assert "200" not in register["responses"]
    location = register["responses"]["201"]["headers"]["Location"]
    assert location["required"] is True
    assert "If-Match" not in _parameters(register)


def test_sign_in_ceremonies_refuse_idempotency_keys_and_may_be_throttled(
    document: dict[str, Any],
) -> None:
    complete = document["paths"]["/auth/sign-in/complete"]["post"]
    assert "Idempotency-Key" not in _parameters(complete)
    assert {400, 401, 429} <= _problem_statuses(complete)


def test_reads_that_wait_for_a_position_may_answer_503(document: dict[str, Any]) -> None:
    people = document["paths"]["/people"]["get"]
    assert "after" in _parameters(people)
    assert 503 in _problem_statuses(people)
    assert "Retry-After" in people["responses"]["503"]["headers"]
    assert 503 not in _problem_statuses(document["paths"]["/access-log"]["get"])


def test_a_case_note_is_created_where_notes_are_read(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    case = c.client_case("owner", c.owner_id, "Sam")
    r = c.post("owner", f"/cases/{case}/notes", {"kind": "administrative"})
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"/notes/{r.json()['id']}"
    note = c.get("owner", f"{r.headers['location']}?after={r.json()['position']}")
    assert note.status_code == 200, note.text
    assert note.json()["note_id"] == r.json()["id"]
