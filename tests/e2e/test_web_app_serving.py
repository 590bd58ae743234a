"""The service serves the built web app behind the API: app pages for browser navigations the
API does not answer, built files as they are, and the API's own answers everywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.support.problems import refusal

PAGE = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def web(client: TestClient, tmp_path: Path) -> TestClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<title>staff</title>")
    (dist / "portal.html").write_text("<title>portal</title>")
    (dist / "assets" / "staff-abc123.js").write_text("console.log('app')")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    client.app.state.web_dist = dist  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize("path", ["/", "/join/abc.def", "/reset/xyz", "/calendar", "/sign-in"])
def test_staff_routes_fall_back_to_the_staff_page(web: TestClient, path: str) -> None:
    r = web.get(path, headers=PAGE)
    assert r.status_code == 200
    assert r.text == "<title>staff</title>"
    assert r.headers["referrer-policy"] == "no-referrer"  # link tokens live in these URLs
    assert "default-src 'self'" in r.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/o/harbor-therapy/", "/o/harbor-therapy/enter/tok.en"])
def test_portal_routes_fall_back_to_the_portal_page(web: TestClient, path: str) -> None:
    r = web.get(path, headers=PAGE)
    assert r.status_code == 200
    assert r.text == "<title>portal</title>"


def test_built_files_are_served_and_hashed_assets_cached_for_good(web: TestClient) -> None:
    asset = web.get("/assets/staff-abc123.js")
    assert asset.status_code == 200 and "console.log" in asset.text
    assert "immutable" in asset.headers["cache-control"]
    assert web.get("/favicon.svg").status_code == 200


def test_the_api_keeps_its_paths_and_its_problem_answers(web: TestClient) -> None:
    assert web.get("/health", headers=PAGE).json()["status"] == "ok"
    unknown = web.get("/no-such-route", headers={"Accept": "application/json"})
    refusal(unknown, 404, "not-found")
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["type"].endswith("/not-found")
    assert web.post("/", headers=PAGE).status_code in (404, 405)
    me = web.get("/auth/me", headers=PAGE)  # an API page a browser opens is still the API
    refusal(me, 401, "unauthenticated")


def test_nothing_outside_the_build_is_served(web: TestClient) -> None:
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        r = web.get(path, headers={"Accept": "*/*"})
        refusal(r, 404, "not-found")
        assert "outside the build" not in r.text


def test_without_a_build_a_page_says_how_to_build_it(web: TestClient, tmp_path: Path) -> None:
    web.app.state.web_dist = tmp_path / "missing"  # type: ignore[attr-defined]
    r = web.get("/", headers=PAGE)
    assert r.status_code == 503
    assert "make web" in r.text
