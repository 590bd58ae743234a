"""``memory://``: the whole installation in the process (events on eventsourcing's POPO
recorder, read models in an in-memory SQLite database), for fast tests of handlers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import ConfigurationError, Settings
from practicerunner.projections.practice.queries import ReadModels
from tests.support.problems import refusal
from tests.support.scheduling import ready_practice


def memory_settings(tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path / "var"),
            "PRACTICERUNNER_DATABASE_URL": "memory://",
            "PRACTICERUNNER_SECRET_KEY": "test-secret",
        }
    )


def test_memory_is_a_database_url_and_others_are_still_refused(tmp_path: Path) -> None:
    assert memory_settings(tmp_path).is_memory
    with pytest.raises(ConfigurationError, match="memory://"):
        Settings.from_env({"PRACTICERUNNER_DATABASE_URL": "mysql://localhost/x"})


def test_a_memory_runtime_writes_projects_and_answers_without_files(tmp_path: Path) -> None:
    rt = Runtime(memory_settings(tmp_path))
    try:
        p = ready_practice(rt)
        rt.run_until_idle()
        assert rt.stores.head_positions()["practice"] > 0
        names = {
            s["given_name"] for s in ReadModels(rt.engine).staff(str(p.tenant.practice_id)).items
        }
        assert {"Olive", "Jonah", "Li"} <= names
        with TestClient(create_app(rt, background=False)) as api:
            assert api.get("/health").json()["database"] == "memory"
            r = api.get(f"/staff/{p.provider_id}x", headers=p.headers)
            refusal(r, 422, "validation-error")
        # Nothing of the stores or read models reached the disk.
        written = [f.name for f in (tmp_path / "var").rglob("*") if f.is_file()]
        assert not [n for n in written if "sqlite" in n], written
    finally:
        rt.close()


def test_two_memory_runtimes_share_nothing(tmp_path: Path) -> None:
    first, second = (
        Runtime(memory_settings(tmp_path / "a")),
        Runtime(memory_settings(tmp_path / "b")),
    )
    try:
        ready_practice(first)
        assert second.stores.head_positions()["practice"] == 0
        assert not second.db.table_exists("projection_state") or not ReadModels(
            second.engine
        ).practice_by_slug("harbor-therapy")
    finally:
        first.close()
        second.close()
