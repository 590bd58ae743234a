"""Shared fixtures: every store-backed test runs on SQLite and, when
PRACTICERUNNER_TEST_POSTGRES_URL is set, on PostgreSQL (a fresh database per test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings, postgres_params
from tests.support.smtp_server import LocalSmtpServer

POSTGRES_URL = os.environ.get("PRACTICERUNNER_TEST_POSTGRES_URL")
pytest_plugins = ["tests.support.stripe"]


def pytest_configure(config: pytest.Config) -> None:
    # The process environment must never steer a test to another store or broker.
    for name in ("DATABASE_URL", "BROKER_URL", "CIPHER_KEY", "SMTP_URL", "DATA_DIR"):
        os.environ.pop(f"PRACTICERUNNER_{name}", None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not POSTGRES_URL:
        pytest.skip("PRACTICERUNNER_TEST_POSTGRES_URL is not set")
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite://{tmp_path / 'store'}"
        return
    yield from fresh_postgres_database()


def fresh_postgres_database() -> Iterator[str]:
    assert POSTGRES_URL
    name = f"prtest_{uuid.uuid4().hex[:12]}"
    params = postgres_params(POSTGRES_URL)
    admin = " ".join(f"{k}={v}" for k, v in params.items() if v)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))


@pytest.fixture
def smtp() -> Iterator[LocalSmtpServer]:
    with LocalSmtpServer() as server:
        yield server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: LocalSmtpServer) -> Settings:
    return Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path / "var"),
            "PRACTICERUNNER_DATABASE_URL": database_url,
            "PRACTICERUNNER_SMTP_URL": smtp.url,
            "PRACTICERUNNER_SECRET_KEY": "test-secret",
        }
    )


@pytest.fixture
def runtime(settings: Settings, clock: ControlledClock) -> Iterator[Runtime]:
    rt = Runtime(settings, clock=clock)
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The real API with its projections running in the background, as under ``serve``."""
    with TestClient(create_app(runtime, background=True)) as test_client:
        yield test_client
