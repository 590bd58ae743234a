"""A store recorded by the code before the contexts moved into their own packages (tests/fixtures/
pre_move_store: the demo practice, SQLite) still loads: every stored event and snapshot resolves
to today's classes, every projection rebuilds from it, and the API answers what it answered then."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings

FIXTURE = Path(__file__).parent.parent / "fixtures" / "pre_move_store"


@pytest.fixture
def old_store(tmp_path: Path) -> Runtime:
    (tmp_path / "store").mkdir()
    for name in ("practice.sqlite3", "scheduling.sqlite3"):
        shutil.copy(FIXTURE / name, tmp_path / "store" / name)
    settings = Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path),
            "PRACTICERUNNER_DATABASE_URL": f"sqlite://{tmp_path / 'store'}",
            "PRACTICERUNNER_SECRET_KEY": "fixture",
        }
    )
    return Runtime(settings)


def contains(expected: Any, actual: Any, where: str = "") -> None:
    """Everything the old code answered is still answered (new fields may be added)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} is missing"
            contains(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            contains(e, a, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def test_every_old_event_and_snapshot_loads(old_store: Runtime) -> None:
    loaded = 0
    for name, app in old_store.stores.apps.items():
        for notification in app.recorder.select_notifications(start=1, limit=100_000):
            app.mapper.to_domain_event(notification)
            loaded += 1
        assert loaded, f"the {name} store of the fixture is empty"
        for aggregate_id in {
            n.originator_id for n in app.recorder.select_notifications(1, 100_000)
        }:
            app.repository.get(aggregate_id)
    old_store.close()


def test_old_store_rebuilds_every_projection_and_answers_as_before(old_store: Runtime) -> None:
    rt = old_store
    while rt.engine.tick():
        pass
    behind = {s.name: s.lag for s in rt.engine.status() if s.lag}
    assert not behind, f"projections stopped short of the fixture's events: {behind}"
    expected = json.loads((FIXTURE / "expected.json").read_text())
    token = (FIXTURE / "demo-token.txt").read_text().strip()
    with TestClient(create_app(rt)) as client:
        headers = {"Authorization": f"Bearer {token}"}
        for path, answer in expected.items():
            if isinstance(answer, list):
                items: list[Any] = []
                cursor = None
                while True:
                    params = {"cursor": cursor} if cursor else {}
                    body = client.get(path, headers=headers, params=params).json()
                    items += body["items"]
                    cursor = body.get("next_cursor")
                    if not cursor:
                        break
                contains(answer, items, path)
            else:
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
                contains(answer, response.json(), path)
    rt.close()
