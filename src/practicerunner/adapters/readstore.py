"""The SQL database that holds read models, tracking, the outbox and API bookkeeping.

One small adapter hides the two dialects: SQL is written once with ``%s`` placeholders and
``INSERT ... ON CONFLICT``, which SQLite and PostgreSQL both understand. SQLite: one file in the
data directory, WAL mode (``memory://``: an in-memory SQLite database). PostgreSQL: the same
database as the event store, own tables.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from practicerunner.config import Settings, postgres_params


class Transaction(Protocol):
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...


class _SqliteTransaction:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%s", "?")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(self._sql(sql), tuple(params)).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.executemany(self._sql(sql), [tuple(r) for r in rows])

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(self._sql(sql), tuple(params)).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(self._sql(sql), tuple(params)).fetchone()
        return row


class _PostgresTransaction:
    dialect = "postgres"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.conn.cursor() as cur:
            cur.execute(sql, tuple(params) or None)
            return int(cur.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql, [tuple(r) for r in rows])

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, tuple(params) or None)
            return list(cur.fetchall())

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with self.conn.cursor() as cur:
            cur.execute(sql, tuple(params) or None)
            row: tuple[Any, ...] | None = cur.fetchone()
            return row


SEALED_PREFIX = "sealed:"


# A blind index is only as strong as its key's separation from the cipher key: the key is
# derived (HMAC-SHA256 as a one-step KDF) so an index token can never be used to decrypt.
_BLIND_LABEL = b"practicerunner blind index v1"
# Without a cipher key nothing is sealed, so the index needs no secret: one code path serves
# both, and installations without a key exercise the same queries.
_UNKEYED = b"practicerunner unkeyed index"


class Sealer:
    """Encrypts personal and clinical read-model values with the event store's key, so that
    with a cipher key set no such plaintext sits in database files, and computes the keyed
    blind-index tokens that let exact and prefix look-ups work on sealed values.

    Sealed values are never compared, searched or sorted in SQL; the one read path
    (``projections.reading``) unseals them on the way out."""

    def __init__(self, cipher_key: str | None) -> None:
        self._cipher = None
        self._index_key = _UNKEYED
        if cipher_key:
            from eventsourcing.cryptography import AESCipher
            from eventsourcing.utils import Environment

            self._cipher = AESCipher(Environment(env={"CIPHER_KEY": cipher_key}))
            self._index_key = hmac.new(
                base64.b64decode(cipher_key), _BLIND_LABEL, hashlib.sha256
            ).digest()

    @property
    def sealing(self) -> bool:
        return self._cipher is not None

    def seal(self, value: str | None) -> str | None:
        if value is None or self._cipher is None:
            return value
        sealed = self._cipher.encrypt(value.encode())
        return SEALED_PREFIX + base64.b64encode(sealed).decode()

    def unseal(self, value: Any) -> Any:
        if not (isinstance(value, str) and value.startswith(SEALED_PREFIX)):
            return value
        if self._cipher is None:
            raise RuntimeError("a sealed column was read without PRACTICERUNNER_CIPHER_KEY")
        return self._cipher.decrypt(base64.b64decode(value[len(SEALED_PREFIX) :])).decode()

    def seal_bytes(self, value: bytes) -> bytes:
        return self._cipher.encrypt(value) if self._cipher is not None else value

    def unseal_bytes(self, value: bytes) -> bytes:
        return self._cipher.decrypt(value) if self._cipher is not None else value

    def blind(self, purpose: str, value: str) -> str:
        """A keyed, deterministic token for ``value`` (already normalised): equal inputs give
        equal tokens, so SQL can match them, but without the key a token reveals nothing and
        cannot be checked against guesses. ``purpose`` keeps indexes apart (an email token
        never equals a name-prefix token)."""
        message = purpose.encode() + b"\x00" + value.encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()[:32]


class ReadStore:
    """Opens transactions on the read-side database."""

    dialect: str

    def __init__(self, settings: Settings, pool_size: int = 8) -> None:
        self.settings = settings
        self.sealer = Sealer(settings.cipher_key)
        # memory://: one in-memory database on one connection, which threads take in turn.
        self._shared: sqlite3.Connection | None = None
        if settings.is_postgres:
            from psycopg_pool import ConnectionPool

            pg = postgres_params(settings.database_url)
            conninfo = " ".join(f"{k}={v}" for k, v in pg.items() if v)
            self.dialect = "postgres"
            self._pool = ConnectionPool(
                conninfo, min_size=1, max_size=pool_size, open=True, kwargs={"autocommit": True}
            )
        else:
            self.dialect = "sqlite"
            self._local = threading.local()
            self._all_conns: list[sqlite3.Connection] = []
            self._conns_lock = threading.Lock()
            self._shared_lock = threading.Lock()
            if settings.is_memory:
                self._shared = sqlite3.connect(
                    ":memory:", isolation_level=None, check_same_thread=False
                )
                self._all_conns.append(self._shared)
                return
            directory = settings.sqlite_dir
            directory.mkdir(parents=True, exist_ok=True)
            self.path: Path = directory / "readmodels.sqlite3"

    def _sqlite_conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=30, check_same_thread=False
            )
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._conns_lock:
                self._all_conns.append(conn)
        return conn

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Transaction]:
        """A transaction; SQLite takes the write lock up front (BEGIN IMMEDIATE) so that
        a reader never has to upgrade and deadlock."""
        if self._shared is not None:
            with self._shared_lock:
                yield from self._sqlite_transaction(self._shared, write)
        elif self.dialect == "sqlite":
            yield from self._sqlite_transaction(self._sqlite_conn(), write)
        elif write:
            with self._pool.connection() as conn, conn.transaction():
                yield _PostgresTransaction(conn)
        else:
            # Reads run in autocommit: no BEGIN/COMMIT round trips. None of them needs a
            # snapshot across statements (a transaction would not keep a generation's tables
            # from being dropped between two statements either: no lock is held until read).
            with self._pool.connection() as conn:
                yield _PostgresTransaction(conn)

    @staticmethod
    def _sqlite_transaction(conn: sqlite3.Connection, write: bool) -> Iterator[Transaction]:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield _SqliteTransaction(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def read(self) -> Any:
        return self.transaction(write=False)

    def fetchone_alone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """One read statement on its own, without BEGIN and COMMIT around it: a single
        statement reads one consistent snapshot on both databases, so for a look-up that is
        one statement the transaction would only add round trips (every request makes one)."""
        if self._shared is not None:
            with self._shared_lock:
                return _SqliteTransaction(self._shared).fetchone(sql, params)
        if self.dialect == "sqlite":
            return _SqliteTransaction(self._sqlite_conn()).fetchone(sql, params)
        with self._pool.connection() as conn:
            return _PostgresTransaction(conn).fetchone(sql, params)

    def table_exists(self, name: str) -> bool:
        with self.read() as tx:
            if self.dialect == "sqlite":
                row = tx.fetchone(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", (name,)
                )
            else:
                row = tx.fetchone(
                    "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename = %s",
                    (name,),
                )
            return row is not None

    def close(self) -> None:
        if self.dialect == "sqlite":
            with self._conns_lock:
                for conn in self._all_conns:
                    with contextlib.suppress(sqlite3.ProgrammingError):
                        conn.close()
                self._all_conns.clear()
            self._local = threading.local()
        else:
            self._pool.close()
