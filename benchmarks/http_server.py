"""The two HTTP servers the ``http_command`` benchmark drives, each run in its own process.

``app``: the real PracticeRunner API, ``create_app(runtime, background=True)`` as ``serve`` runs
it (projections, dispatcher and in-memory worker in the same process).

``bare``: the baseline, a FastAPI app with one POST route that inserts one row with psycopg
(PostgreSQL) or sqlite3 (SQLite) and answers with its id. Same server, same way of serving.

    python -m benchmarks.http_server {app,bare} --database-url URL --data-dir DIR --port N
        [--no-background]
"""

from __future__ import annotations

import argparse
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

from benchmarks.backends import settings_for
from practicerunner.config import Settings, postgres_params

BARE_TABLE = "CREATE TABLE IF NOT EXISTS bench_rows (id {pk}, note TEXT NOT NULL, amount BIGINT)"


class RowIn(BaseModel):
    note: str
    amount: int


class RowOut(BaseModel):
    id: int


def _postgres_insert(settings: Settings) -> tuple[Callable[[RowIn], int], Callable[[], None]]:
    from psycopg_pool import ConnectionPool

    conninfo = " ".join(f"{k}={v}" for k, v in postgres_params(settings.database_url).items() if v)
    pool = ConnectionPool(conninfo, min_size=1, max_size=8, open=True, kwargs={"autocommit": True})
    with pool.connection() as conn:
        conn.execute(BARE_TABLE.format(pk="BIGSERIAL PRIMARY KEY"))

    def insert(row: RowIn) -> int:
        with pool.connection() as conn:
            found = conn.execute(
                "INSERT INTO bench_rows (note, amount) VALUES (%s, %s) RETURNING id",
                (row.note, row.amount),
            ).fetchone()
        assert found is not None
        return int(found[0])

    return insert, pool.close


def _sqlite_insert(settings: Settings) -> tuple[Callable[[RowIn], int], Callable[[], None]]:
    directory = settings.sqlite_dir
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "bare.sqlite3"
    local = threading.local()
    conns: list[sqlite3.Connection] = []

    def conn() -> sqlite3.Connection:
        c: sqlite3.Connection | None = getattr(local, "conn", None)
        if c is None:
            c = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
            # The event store's SQLite settings: WAL, default (FULL) synchronous.
            c.execute("PRAGMA journal_mode=WAL")
            local.conn = c
            conns.append(c)
        return c

    conn().execute(BARE_TABLE.format(pk="INTEGER PRIMARY KEY"))

    def insert(row: RowIn) -> int:
        c = conn()
        c.execute("BEGIN IMMEDIATE")
        try:
            rowid = c.execute(
                "INSERT INTO bench_rows (note, amount) VALUES (?, ?)", (row.note, row.amount)
            ).lastrowid
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        return int(rowid or 0)

    def close() -> None:
        for c in conns:
            c.close()

    return insert, close


def bare_app(settings: Settings) -> FastAPI:
    insert, close = (_postgres_insert if settings.is_postgres else _sqlite_insert)(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            close()

    app = FastAPI(title="bare baseline", lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/rows", response_model=RowOut)
    def add_row(row: RowIn) -> Any:
        return RowOut(id=insert(row))

    return app


def real_app(settings: Settings, background: bool = True) -> FastAPI:
    from practicerunner.api.app import create_app
    from practicerunner.bootstrap.runtime import Runtime

    return create_app(Runtime(settings), background=background)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["app", "bare"])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument(
        "--no-background",
        action="store_true",
        help="app only: no in-process projections (to see what they cost)",
    )
    args = parser.parse_args(argv)
    settings = settings_for(args.database_url, args.data_dir)
    if args.kind == "app":
        app = real_app(settings, background=not args.no_background)
    else:
        app = bare_app(settings)
    # The same server settings as ``practicerunner serve`` (uvloop, httptools) for both.
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


if __name__ == "__main__":
    main()
