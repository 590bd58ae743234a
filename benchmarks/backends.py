"""Where a benchmark stores its data: a throwaway SQLite directory or a fresh PostgreSQL
database, always reached through ``practicerunner.config.Settings`` like the product does."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from practicerunner.config import Settings, postgres_params

POSTGRES_URL_ENV = "PRACTICERUNNER_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgres")


def postgres_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL


def _conninfo(url: str) -> str:
    return " ".join(f"{k}={v}" for k, v in postgres_params(url).items() if v)


def postgres_reachable(url: str) -> bool:
    try:
        with psycopg.connect(_conninfo(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def default_backends() -> list[str]:
    return ["sqlite", "postgres"] if postgres_reachable(postgres_url()) else ["sqlite"]


@contextmanager
def fresh_database_url(backend: str, directory: Path) -> Iterator[str]:
    """An empty store: a directory under ``directory`` or a new PostgreSQL database that is
    dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite://{directory / 'store'}"
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    base = postgres_url()
    name = f"prbench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(base), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(_conninfo(base), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def settings_for(database_url: str, data_dir: Path) -> Settings:
    """Settings from an explicit environment, so the caller's PRACTICERUNNER_* variables can
    never point a benchmark at real data."""
    return Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(data_dir),
            "PRACTICERUNNER_DATABASE_URL": database_url,
            "PRACTICERUNNER_SECRET_KEY": "benchmark-secret",
        }
    )


@contextmanager
def fresh_settings(backend: str) -> Iterator[Settings]:
    """Settings for an empty installation on ``backend``; everything is removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix=f"prbench-{backend}-"))
    try:
        with fresh_database_url(backend, directory) as url:
            yield settings_for(url, directory / "var")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
