"""Who is calling, in one statement: the credential (a session or a long-lived API token), the
staff member it names and their practice's plan, joined in one read of the current rows. The
API's authentication (``api.auth``) asks it once per request.

Nothing here is cached but the *names* of the read-model tables the statement joins (the active
generation of ``access_tokens``, ``staff`` and ``practice_directory``). The statement itself
returns the sum of every projection's active generation, which grows with every swap in any
process (a generation number only ever increases), so a swap is noticed by the very statement
that ran on the old names: it is then run again on the new ones. A swap whose old tables are
already dropped fails the statement, which refreshes the names and runs once more. A session
ended, a token revoked, a staff member deactivated, a plan changed are all read from their
current rows on every request, never from memory.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

import psycopg

from practicerunner.adapters.readstore import ReadStore
from practicerunner.adapters.sessions import SESSION_COLUMNS, Session, session_from_row
from practicerunner.adapters.signing import hash_token
from practicerunner.projections.engine import ProjectionEngine, physical_name

_JOINED = {"access_tokens": "access_tokens", "staff": "staff", "practice_directory": "practices"}
_ATTEMPTS = 3


@dataclass(frozen=True)
class Credential:
    """What the look-up found for a token. ``session`` is set for a session token (live or
    not: the caller checks it); else ``token_*`` for an API token, if there is one."""

    session: Session | None
    token_practice_id: str | None
    token_staff_id: str | None
    token_revoked: bool
    staff_role: str | None
    staff_status: str | None
    plan: str | None

    @property
    def found(self) -> bool:
        return self.session is not None or self.token_staff_id is not None


class CredentialLookup:
    def __init__(self, db: ReadStore, engine: ProjectionEngine) -> None:
        self.db = db
        self.engine = engine
        self._lock = threading.Lock()
        self._names: tuple[int, str] | None = None  # (generation sum, the statement)

    def _statement(self) -> tuple[int, str]:
        """The statement on the active generations' tables, and the generation sum it was
        built for."""
        with self.db.read() as tx:
            rows = tx.fetchall("SELECT name, active_generation FROM projection_state")
        generations = {str(name): int(gen or 1) for name, gen in rows}
        table = {
            projection: physical_name(logical, generations.get(projection, 1))
            for projection, logical in _JOINED.items()
        }
        session_columns = ", ".join(f"s.{c}" for c in SESSION_COLUMNS)
        sql = (
            f"SELECT {session_columns}, t.practice_id, t.staff_id, t.revoked, st.role, "
            "st.status, p.plan, (SELECT SUM(active_generation) FROM projection_state) "
            "FROM (SELECT CAST(%s AS TEXT) AS h) k "
            "LEFT JOIN auth_sessions s ON s.token_hash = k.h "
            f"LEFT JOIN {table['access_tokens']} t ON s.session_id IS NULL AND t.token_hash = k.h "
            f"LEFT JOIN {table['staff']} st ON st.staff_id = COALESCE(s.subject_id, t.staff_id) "
            "AND st.practice_id = COALESCE(s.practice_id, t.practice_id) "
            f"LEFT JOIN {table['practice_directory']} p "
            "ON p.practice_id = COALESCE(s.practice_id, t.practice_id)"
        )
        return sum(generations.values()), sql

    def _current(self, refresh: bool) -> tuple[int, str]:
        with self._lock:
            if refresh or self._names is None:
                self._names = self._statement()
            return self._names

    def find(self, token: str) -> Credential:
        token_hash = hash_token(token)
        refresh = False
        for attempt in range(_ATTEMPTS):
            built_for, sql = self._current(refresh)
            try:
                row = self.db.fetchone_alone(sql, (token_hash,))
            except (sqlite3.OperationalError, psycopg.errors.UndefinedTable) as error:
                # The old generation's tables were dropped by a swap in another process. Any
                # other failure (a locked or broken database) is not ours to retry.
                if not _table_gone(error) or attempt == _ATTEMPTS - 1:
                    raise
                refresh = True
                continue
            assert row is not None  # the one-row FROM always gives a row
            if int(row[-1] or 0) != built_for and attempt < _ATTEMPTS - 1:
                refresh = True  # a swap since the names were read: read again on the new ones
                continue
            return _credential(row)
        raise AssertionError("unreachable")


def _table_gone(error: Exception) -> bool:
    if isinstance(error, psycopg.errors.UndefinedTable):
        return True
    return str(error).startswith("no such table")


def _credential(row: tuple[Any, ...]) -> Credential:
    n = len(SESSION_COLUMNS)
    session = session_from_row(row[:n]) if row[0] is not None else None
    practice_id, staff_id, revoked, role, status, plan, _ = row[n:]
    return Credential(
        session=session,
        token_practice_id=practice_id,
        token_staff_id=staff_id,
        token_revoked=bool(revoked),
        staff_role=role,
        staff_status=status,
        plan=plan,
    )
