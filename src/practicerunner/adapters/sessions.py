"""Sessions, WebAuthn challenges and sign-in throttling: high-churn security state kept in the
read store (every request touches its session), not in the event store. Sign-ins, sign-outs and
credential changes are recorded as events on the accounts (``domain/identity.py``).

* A session token is 256 random bits; only its SHA-256 is stored. Sessions end on idle
  timeout, at their absolute lifetime, on sign-out, "sign out everywhere", deactivation of the
  person and an owner's access reset. An ended session is kept (for "where am I signed in" and
  audits) but never resolves again.
* A challenge is single use: taking it deletes it in the same statement.
* Throttling counts failures in a sliding window per key (an address, an account, an
  account-and-address pair); the limits are in ``domain/session_policy.py``. Failures older
  than the window are deleted whenever a failure is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from practicerunner.adapters.readstore import ReadStore, Transaction
from practicerunner.adapters.signing import hash_token, new_bearer_token
from practicerunner.domain.identity.session_policy import THROTTLE_WINDOW

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS auth_sessions (
        token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        practice_id TEXT NOT NULL, subject_id TEXT NOT NULL, method TEXT NOT NULL,
        created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, idle_seconds INTEGER NOT NULL,
        expires_at TEXT NOT NULL, authenticated_at TEXT NOT NULL, acting_for TEXT,
        address TEXT, user_agent TEXT, ended_at TEXT, end_reason TEXT)""",
    "CREATE INDEX IF NOT EXISTS auth_sessions_subject ON auth_sessions (subject_id, ended_at)",
    """CREATE TABLE IF NOT EXISTS auth_challenges (
        challenge_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, challenge TEXT NOT NULL,
        subject TEXT, expires_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS auth_failures (
        throttle_key TEXT NOT NULL, failed_at TEXT NOT NULL, id TEXT NOT NULL,
        PRIMARY KEY (throttle_key, failed_at, id))""",
    "CREATE INDEX IF NOT EXISTS auth_failures_time ON auth_failures (failed_at)",
]

# How often a live session's idle clock is written back: a session then expires between
# idle_timeout - TOUCH_INTERVAL and idle_timeout after the last request, and most requests
# read without writing.
TOUCH_INTERVAL = timedelta(seconds=30)

_COLUMNS = (
    "session_id, kind, practice_id, subject_id, method, created_at, last_seen_at, "
    "idle_seconds, expires_at, authenticated_at, acting_for, address, user_agent, ended_at, "
    "end_reason"
)


@dataclass(frozen=True)
class Session:
    session_id: str
    kind: str  # "staff" or "portal"
    practice_id: str
    subject_id: str  # a staff member's id, or a portal account's person id
    method: str
    created_at: datetime
    last_seen_at: datetime
    idle_timeout: timedelta
    expires_at: datetime
    authenticated_at: datetime  # the last strong authentication (sign-in or re-auth)
    acting_for: str | None
    address: str | None
    user_agent: str | None
    ended_at: datetime | None
    end_reason: str | None

    def is_live(self, now: datetime) -> bool:
        return (
            self.ended_at is None
            and now < self.expires_at
            and now < self.last_seen_at + self.idle_timeout
        )

    def expiry_reason(self, now: datetime) -> str | None:
        if self.ended_at is not None:
            return self.end_reason or "ended"
        if now >= self.expires_at:
            return "absolute-timeout"
        if now >= self.last_seen_at + self.idle_timeout:
            return "idle-timeout"
        return None

    def recently_authenticated(self, now: datetime, within: timedelta) -> bool:
        return now - self.authenticated_at <= within

    def public(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "kind": self.kind,
            "method": self.method,
            "created_at": _ts(self.created_at),
            "last_seen_at": _ts(self.last_seen_at),
            "expires_at": _ts(self.expires_at),
            "acting_for": self.acting_for,
            "address": self.address,
            "user_agent": self.user_agent,
        }


SESSION_COLUMNS = tuple(c.strip() for c in _COLUMNS.split(","))


def session_from_row(row: tuple[Any, ...]) -> Session:
    """A session from its ``SESSION_COLUMNS``, in that order."""
    return _session(row)


def _session(row: tuple[Any, ...]) -> Session:
    (sid, kind, practice, subject, method, created, seen, idle, expires, authed, acting,
     address, agent, ended, reason) = row  # fmt: skip
    return Session(
        session_id=sid,
        kind=kind,
        practice_id=practice,
        subject_id=subject,
        method=method,
        created_at=datetime.fromisoformat(created),
        last_seen_at=datetime.fromisoformat(seen),
        idle_timeout=timedelta(seconds=int(idle)),
        expires_at=datetime.fromisoformat(expires),
        authenticated_at=datetime.fromisoformat(authed),
        acting_for=acting,
        address=address,
        user_agent=agent,
        ended_at=datetime.fromisoformat(ended) if ended else None,
        end_reason=reason,
    )


class SessionStore:
    def __init__(self, db: ReadStore) -> None:
        self.db = db
        # Throttle keys name accounts and addresses; only their keyed hashes are stored.
        self._throttle_secret = db.settings.resolved_secret_key()
        with db.transaction() as tx:
            for statement in SCHEMA:
                tx.execute(statement)

    # -- sessions -------------------------------------------------------------------------

    def start(
        self,
        *,
        kind: str,
        practice_id: str,
        subject_id: str,
        method: str,
        idle_timeout: timedelta,
        lifetime: timedelta,
        now: datetime,
        address: str | None = None,
        user_agent: str | None = None,
        session_id: str | None = None,
    ) -> tuple[str, Session]:
        """Starts a session; returns its token (shown once, never stored) and the session."""
        token = new_bearer_token()
        session = Session(
            session_id=session_id or new_session_id(),
            kind=kind,
            practice_id=practice_id,
            subject_id=subject_id,
            method=method,
            created_at=now,
            last_seen_at=now,
            idle_timeout=idle_timeout,
            expires_at=now + lifetime,
            authenticated_at=now,
            acting_for=None,
            address=address,
            user_agent=(user_agent or "")[:200] or None,
            ended_at=None,
            end_reason=None,
        )
        with self.db.transaction() as tx:
            tx.execute(
                f"INSERT INTO auth_sessions (token_hash, {_COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    hash_token(token),
                    session.session_id,
                    kind,
                    practice_id,
                    subject_id,
                    method,
                    _ts(now),
                    _ts(now),
                    int(idle_timeout.total_seconds()),
                    _ts(session.expires_at),
                    _ts(now),
                    None,
                    address,
                    session.user_agent,
                    None,
                    None,
                ),
            )
        return token, session

    def resolve(self, token: str, now: datetime) -> tuple[Session | None, str | None]:
        """The live session of a token, touched (idle clock restarted); or ``(None, reason)``.
        A session found expired is ended on the spot, so it can never come back."""
        # Read first: most requests only need to see the session. Writing (ending an expired
        # session, restarting the idle clock) takes the write lock, so it happens only when
        # needed, and the idle clock is restarted at most every TOUCH_INTERVAL.
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT {_COLUMNS} FROM auth_sessions WHERE token_hash = %s", (hash_token(token),)
            )
        if row is None:
            return None, "unknown"
        return self.checked(_session(row), now)

    def checked(self, session: Session, now: datetime) -> tuple[Session | None, str | None]:
        """A session just read (by ``resolve`` or the joined look-up in
        ``projections.identity.credentials``): the session if still live, touched at most every
        TOUCH_INTERVAL; or ``(None, reason)``, ending an expired one on the spot."""
        reason = session.expiry_reason(now)
        if reason is not None:
            if session.ended_at is None:
                with self.db.transaction() as tx:
                    self._end(
                        tx,
                        "session_id = %s AND ended_at IS NULL",
                        [session.session_id],
                        reason,
                        now,
                    )
            return None, reason
        if now - session.last_seen_at >= TOUCH_INTERVAL:
            with self.db.transaction() as tx:
                tx.execute(
                    "UPDATE auth_sessions SET last_seen_at = %s WHERE session_id = %s "
                    "AND ended_at IS NULL",
                    (_ts(now), session.session_id),
                )
        else:
            return session, None
        return Session(**{**session.__dict__, "last_seen_at": now}), None

    def get(self, session_id: str) -> Session | None:
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT {_COLUMNS} FROM auth_sessions WHERE session_id = %s", (session_id,)
            )
        return _session(row) if row else None

    def live_sessions(self, kind: str, subject_id: str, now: datetime) -> list[Session]:
        with self.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT {_COLUMNS} FROM auth_sessions WHERE kind = %s AND subject_id = %s "
                "AND ended_at IS NULL ORDER BY created_at",
                (kind, subject_id),
            )
        return [s for s in map(_session, rows) if s.is_live(now)]

    @staticmethod
    def _end(tx: Transaction, where: str, params: list[Any], reason: str, now: datetime) -> int:
        return tx.execute(
            f"UPDATE auth_sessions SET ended_at = %s, end_reason = %s "
            f"WHERE ended_at IS NULL AND {where}",
            [_ts(now), reason, *params],
        )

    def end(self, session_id: str, reason: str, now: datetime) -> bool:
        with self.db.transaction() as tx:
            return self._end(tx, "session_id = %s", [session_id], reason, now) == 1

    def end_all(
        self,
        kind: str,
        subject_id: str,
        reason: str,
        now: datetime,
        *,
        started_before: datetime | None = None,
    ) -> int:
        """Ends every session of a person (``started_before``: only those that began before a
        moment, so replaying an old deactivation never ends a newer session)."""
        where, params = "kind = %s AND subject_id = %s", [kind, subject_id]
        if started_before is not None:
            where += " AND created_at <= %s"
            params.append(_ts(started_before))
        with self.db.transaction() as tx:
            return self._end(tx, where, params, reason, now)

    def mark_reauthenticated(self, session_id: str, now: datetime) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE auth_sessions SET authenticated_at = %s WHERE session_id = %s",
                (_ts(now), session_id),
            )

    def set_acting_for(self, session_id: str, provider_id: str | None) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE auth_sessions SET acting_for = %s WHERE session_id = %s",
                (provider_id, session_id),
            )

    def stop_acting_for(self, session_id: str, provider_id: str) -> bool:
        """Stops the session acting for ``provider_id``; true if this call stopped it (two
        requests finding a revoked delegation at once stop it once)."""
        with self.db.transaction() as tx:
            return (
                tx.execute(
                    "UPDATE auth_sessions SET acting_for = NULL WHERE session_id = %s "
                    "AND acting_for = %s",
                    (session_id, provider_id),
                )
                == 1
            )

    # -- challenges -----------------------------------------------------------------------

    def new_challenge(
        self, purpose: str, challenge: str, subject: str | None, now: datetime, ttl: timedelta
    ) -> str:
        challenge_id = secrets.token_urlsafe(24)
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM auth_challenges WHERE expires_at < %s", (_ts(now),))
            tx.execute(
                "INSERT INTO auth_challenges (challenge_id, purpose, challenge, subject, "
                "expires_at) VALUES (%s, %s, %s, %s, %s)",
                (challenge_id, purpose, challenge, subject, _ts(now + ttl)),
            )
        return challenge_id

    def take_challenge(
        self, challenge_id: str, purpose: str, now: datetime
    ) -> tuple[str, str | None] | None:
        """The challenge and its subject, once: taking it deletes it, so a replayed response
        finds nothing to match."""
        with self.db.transaction() as tx:
            row = tx.fetchone(
                "DELETE FROM auth_challenges WHERE challenge_id = %s AND purpose = %s "
                "RETURNING challenge, subject, expires_at",
                (challenge_id, purpose),
            )
        if row is None or datetime.fromisoformat(row[2]) <= now:
            return None
        return str(row[0]), row[1]

    # -- throttling -----------------------------------------------------------------------

    def record_failure(
        self, keys: list[str], now: datetime, *, keep: timedelta = THROTTLE_WINDOW
    ) -> None:
        """Counts a failure under each key. Failures older than ``keep`` (the throttle window)
        count for nothing and are deleted by the same write, so the table holds at most one
        window of failures however long the installation runs or an attack lasts."""
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM auth_failures WHERE failed_at < %s", (_ts(now - keep),))
            tx.executemany(
                "INSERT INTO auth_failures (throttle_key, failed_at, id) VALUES (%s, %s, %s)",
                [(self._hashed(k), _ts(now), secrets.token_hex(8)) for k in keys],
            )

    def _hashed(self, key: str) -> str:
        return hmac.new(self._throttle_secret, key.encode(), hashlib.sha256).hexdigest()

    def failures_since(self, key: str, since: datetime) -> int:
        with self.db.read() as tx:
            row = tx.fetchone(
                "SELECT COUNT(*) FROM auth_failures WHERE throttle_key = %s AND failed_at > %s",
                (self._hashed(key), _ts(since)),
            )
        return int(row[0]) if row else 0

    def forget_failures(self, keys: list[str], older_than: datetime | None = None) -> None:
        with self.db.transaction() as tx:
            for key in keys:
                tx.execute(
                    "DELETE FROM auth_failures WHERE throttle_key = %s", (self._hashed(key),)
                )
            if older_than is not None:
                tx.execute("DELETE FROM auth_failures WHERE failed_at < %s", (_ts(older_than),))


def _ts(moment: datetime) -> str:
    """One fixed text form (UTC, microseconds) so that stored times compare as strings."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def new_session_id() -> str:
    return secrets.token_hex(16)


def new_token() -> str:
    return new_bearer_token()
