"""Exactly-once effects for at-least-once jobs.

Before an effect (an email, a charge) a job claims its dedupe key; after it, it marks the key
done. A redelivered job finds the key done and does nothing. A job that died between claiming
and finishing leaves the key "started": whether the effect happened is then unknown, so it is
*not* repeated (we never send twice) but recorded as ``uncertain`` for staff to check. A
failure we know happened before the effect (an SMTP error) releases the claim for a retry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from practicerunner.adapters.readstore import ReadStore

T = TypeVar("T")

SCHEMA = """CREATE TABLE IF NOT EXISTS job_effects (
    effect_key TEXT PRIMARY KEY, status TEXT NOT NULL, started_at TEXT NOT NULL,
    finished_at TEXT, detail TEXT)"""


class EffectOutcome(StrEnum):
    DONE = "done"
    ALREADY_DONE = "already-done"
    UNCERTAIN = "uncertain"


class Effects:
    def __init__(self, db: ReadStore) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(SCHEMA)

    def once(
        self,
        key: str,
        effect: Callable[[], object],
        now: Callable[[], datetime],
        after: Callable[[], None] | None = None,
    ) -> EffectOutcome:
        """Runs ``effect`` unless ``key`` was already claimed. ``after`` runs once the effect
        is recorded (tests use it to crash a worker at that exact point)."""
        with self.db.transaction() as tx:
            claimed = tx.execute(
                "INSERT INTO job_effects (effect_key, status, started_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (effect_key) DO NOTHING",
                (key, "started", now().isoformat()),
            )
            if claimed != 1:
                row = tx.fetchone("SELECT status FROM job_effects WHERE effect_key = %s", (key,))
                status = row[0] if row else "done"
                if status == "started":
                    tx.execute(
                        "UPDATE job_effects SET status = 'uncertain' WHERE effect_key = %s", (key,)
                    )
                    return EffectOutcome.UNCERTAIN
                return (
                    EffectOutcome.UNCERTAIN if status == "uncertain" else EffectOutcome.ALREADY_DONE
                )
        try:
            effect()
        except Exception:
            # The effect raised: by contract it did not happen (a refused SMTP send), so the
            # claim is released and a retry may do it. A killed process never gets here.
            with self.db.transaction() as tx:
                tx.execute(
                    "DELETE FROM job_effects WHERE effect_key = %s AND status = 'started'", (key,)
                )
            raise
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE job_effects SET status = 'done', finished_at = %s WHERE effect_key = %s",
                (now().isoformat(), key),
            )
        if after:
            after()
        return EffectOutcome.DONE

    def status(self, key: str) -> str | None:
        with self.db.read() as tx:
            row = tx.fetchone("SELECT status FROM job_effects WHERE effect_key = %s", (key,))
        return row[0] if row else None
