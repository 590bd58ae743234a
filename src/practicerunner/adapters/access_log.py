"""The access log: every read of clinical or billing data, and every export, with who, what,
when, from where and acting for whom (PRODUCT.md section 10).

It is a primary record, not a read model, so it is neither rebuilt nor derived from events:
reads are not events. It lives in one append-only table of the read store; the database itself
refuses UPDATE and DELETE on it (a trigger on both SQLite and PostgreSQL), so no code path,
bug or SQL injection elsewhere can rewrite history. Entries name records by id only: no PHI.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from practicerunner.adapters.readstore import ReadStore
from practicerunner.projections.paging import Page, decode_cursor, keyset_where, page_of

TABLE = """CREATE TABLE IF NOT EXISTS access_log (
    entry_id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, at TEXT NOT NULL,
    actor_id TEXT NOT NULL, on_behalf_of TEXT, session_id TEXT, address TEXT,
    action TEXT NOT NULL, category TEXT NOT NULL, resource_type TEXT NOT NULL,
    resource_id TEXT, route TEXT NOT NULL)"""
INDEX = "CREATE INDEX IF NOT EXISTS access_log_by_practice ON access_log (practice_id, at)"

SQLITE_GUARDS = [
    "CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
]
POSTGRES_GUARDS = [
    """CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$""",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'access_log_append_only') THEN
           CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
           FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
         END IF;
       END $$""",
]

COLUMNS = (
    "entry_id",
    "practice_id",
    "at",
    "actor_id",
    "on_behalf_of",
    "session_id",
    "address",
    "action",
    "category",
    "resource_type",
    "resource_id",
    "route",
)
CATEGORIES = frozenset({"clinical", "billing", "audit", "export"})


@dataclass(frozen=True)
class AccessEntry:
    practice_id: str
    actor_id: str
    on_behalf_of: str | None
    session_id: str | None
    address: str | None
    action: str  # "read" or "export"
    category: str  # one of CATEGORIES
    resource_type: str
    resource_id: str | None
    route: str


class AccessLog:
    def __init__(self, db: ReadStore) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(TABLE)
            tx.execute(INDEX)
            for statement in SQLITE_GUARDS if db.dialect == "sqlite" else POSTGRES_GUARDS:
                tx.execute(statement)

    def record(self, entry: AccessEntry, at: datetime) -> str:
        return self.record_many([entry], at)[0]

    def record_many(self, entries: list[AccessEntry], at: datetime) -> list[str]:
        """Appends several entries (a page of records read at once) in one transaction."""
        rows = [self._row(entry, at) for entry in entries]
        if rows:
            with self.db.transaction() as tx:
                tx.executemany(
                    f"INSERT INTO access_log ({', '.join(COLUMNS)}) "
                    f"VALUES ({', '.join('%s' for _ in COLUMNS)})",
                    rows,
                )
        return [str(r[0]) for r in rows]

    def _row(self, entry: AccessEntry, at: datetime) -> list[Any]:
        if entry.category not in CATEGORIES:
            raise ValueError(f"unknown access-log category {entry.category!r}")
        entry_id = f"{at.astimezone(UTC):%Y%m%d%H%M%S%f}-{secrets.token_hex(6)}"
        return [
            entry_id,
            entry.practice_id,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            entry.actor_id,
            entry.on_behalf_of,
            entry.session_id,
            entry.address,
            entry.action,
            entry.category,
            entry.resource_type,
            entry.resource_id,
            entry.route,
        ]

    def _where(
        self,
        practice_id: str,
        actor_id: str | None,
        resource_id: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> tuple[str, list[Any]]:
        where, params = "practice_id = %s", [practice_id]
        for column, value in (("actor_id", actor_id), ("resource_id", resource_id)):
            if value:
                where += f" AND {column} = %s"
                params.append(value)
        if since:
            where += " AND at >= %s"
            params.append(since.astimezone(UTC).isoformat(timespec="microseconds"))
        if until:
            where += " AND at < %s"
            params.append(until.astimezone(UTC).isoformat(timespec="microseconds"))
        return where, params

    def query(
        self,
        practice_id: str,
        *,
        actor_id: str | None = None,
        resource_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        where, params = self._where(practice_id, actor_id, resource_id, since, until)
        sort = ("at", "entry_id")
        keyset, keyset_params = keyset_where(sort, decode_cursor(cursor, len(sort)))
        if keyset:
            where += f" AND {keyset}"
        with self.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT {', '.join(COLUMNS)} FROM access_log WHERE {where} "
                f"ORDER BY at, entry_id LIMIT %s",
                [*params, *keyset_params, limit + 1],
            )
        return page_of([dict(zip(COLUMNS, r, strict=True)) for r in rows], limit, sort)

    def export_csv(
        self,
        practice_id: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[str]:
        """The practice's log as CSV, oldest first, streamed page by page."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        yield buffer.getvalue()
        cursor: str | None = None
        while True:
            page = self.query(practice_id, since=since, until=until, limit=500, cursor=cursor)
            buffer.seek(0)
            buffer.truncate()
            for row in page.items:
                writer.writerow([row[c] or "" for c in COLUMNS])
            yield buffer.getvalue()
            if page.next_cursor is None:
                return
            cursor = page.next_cursor
