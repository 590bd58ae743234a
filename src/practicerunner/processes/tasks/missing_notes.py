"""The missing-note check: asked on every dispatcher tick (with the injected clock), it reads
which completed sessions are past their practice's window without a signed note and without
a task yet, and reconciles each one's task. A session whose task exists (open, or dismissed
by a person) is not asked again; signing the note resolves the task through its trigger."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.tasks.sources import missing_notes
from practicerunner.processes.tasks.automatic import AutomaticTasks
from practicerunner.processes.tasks.sources import missing_note_after_hours

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

SHORTEST_WINDOW = timedelta(hours=1)


def sessions_due(runtime: Services, now: datetime, limit: int = 500) -> list[tuple[Any, ...]]:
    """Completed sessions, unsigned and without a task, past the shortest possible window."""
    engine = runtime.engine
    with runtime.db.read() as tx:
        coverage = engine.tables(tx, "note_coverage")["completed_sessions"]
        tasks = engine.tables(tx, "tasks")["tasks"]
        return tx.fetchall(
            f"SELECT c.appointment_id, c.practice_id, c.completed_at FROM {coverage} c "
            f"WHERE c.note_signed = 0 AND c.completed_at <= %s AND NOT EXISTS "
            f"(SELECT 1 FROM {tasks} t WHERE t.task_id = c.task_id) "
            "ORDER BY c.completed_at LIMIT %s",
            ((now - SHORTEST_WINDOW).isoformat(), limit),
        )


def check_missing_notes(runtime: Services, automatic: AutomaticTasks) -> int:
    """Returns how many tasks it opened."""
    now = runtime.clock.now()
    windows: dict[str, timedelta] = {}
    opened = 0
    for appointment_id, practice_id, completed in sessions_due(runtime, now):
        if practice_id not in windows:
            practice: Practice = runtime.stores.practice.repository.get(UUID(practice_id))
            assert isinstance(practice, Practice)
            windows[practice_id] = timedelta(hours=missing_note_after_hours(practice))
        if datetime.fromisoformat(completed) + windows[practice_id] > now:
            continue
        outcome = automatic.reconcile(runtime, missing_notes.SOURCE.name, appointment_id)
        opened += outcome == "opened"
    return opened
