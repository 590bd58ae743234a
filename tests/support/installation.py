"""One installation (store, SMTP server, runtime) for a whole test module, where its tests only
read, or write nothing another test of the module depends on: building a runtime per test is
most of what such tests cost. ``backend_params`` pins each backend's tests to one xdist worker
(``--dist loadgroup``), so that the installation is built once per backend, not once per worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from tests.conftest import POSTGRES_URL, fresh_postgres_database
from tests.support.smtp_server import LocalSmtpServer


def backend_params(group: str) -> list[Any]:
    return [
        pytest.param("sqlite", marks=pytest.mark.xdist_group(f"{group}-sqlite")),
        pytest.param(
            "postgres", marks=[pytest.mark.postgres, pytest.mark.xdist_group(f"{group}-pg")]
        ),
    ]


@contextmanager
def installation(backend: str, tmp: Path) -> Iterator[Runtime]:
    """A runtime on a fresh store of ``backend`` (a PostgreSQL database dropped afterwards)."""
    if backend == "postgres" and not POSTGRES_URL:
        pytest.skip("PRACTICERUNNER_TEST_POSTGRES_URL is not set")
    databases = (
        fresh_postgres_database() if backend == "postgres" else iter([f"sqlite://{tmp}/store"])
    )
    database_url = next(databases)
    try:
        with LocalSmtpServer() as smtp:
            settings = Settings.from_env(
                {
                    "PRACTICERUNNER_DATA_DIR": str(tmp / "var"),
                    "PRACTICERUNNER_DATABASE_URL": database_url,
                    "PRACTICERUNNER_SMTP_URL": smtp.url,
                    "PRACTICERUNNER_SECRET_KEY": "test-secret",
                }
            )
            runtime = Runtime(
                settings, clock=ControlledClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
            )
            try:
                yield runtime
            finally:
                runtime.close()
    finally:
        next(databases, None)  # drops the PostgreSQL database
