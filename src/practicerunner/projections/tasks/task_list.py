"""The task list and Needs Attention, in one projection so their rows never disagree.

``tasks`` holds one row per task; ``attention_counts`` the number of open tasks per practice,
assignee and type (``*`` for the whole practice), kept by the projection so a dashboard's
counts are a handful of key lookups rather than a count over thousands of rows; and
``attention_revisions`` a number per practice that moves with every task change, which the
API turns into an ETag. Titles of staff-written tasks, resolutions and comments may hold
client details: they are sealed; automatic tasks' titles are product text."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.tasks.tasks import Task
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection

NO_DUE = "9999-12-31T23:59:59+00:00"  # sorts last on both databases
PRACTICE_WIDE = "*"
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def assignee_key(kind: str, assignee_id: str) -> str:
    return f"{kind}:{assignee_id}"


class TaskList(Projection):
    name = "tasks"
    version = 1
    upstreams = ("tasks",)
    handles = (
        Task.Opened,
        Task.Reassigned,
        Task.Rescheduled,
        Task.Reprioritised,
        Task.Commented,
        Task.Resolved,
        Task.Reopened,
    )
    tables = (
        Table(
            "tasks",
            {
                "task_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "task_type": "TEXT NOT NULL",
                "source": "TEXT NOT NULL",
                "title": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "assignee": "TEXT NOT NULL",
                "due_at": "TEXT",
                "due_sort": "TEXT NOT NULL",
                "priority": "TEXT NOT NULL",
                "subject_kind": "TEXT",
                "subject_id": "TEXT",
                "person_id": "TEXT",
                "case_id": "TEXT",
                "resolution": "TEXT",
                "resolved_automatically": "INTEGER NOT NULL",
                "comment_count": "INTEGER NOT NULL",
                "opened_at": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("task_id",),
            sealed=("title", "resolution"),
            indexes=(
                ("practice_id", "assignee", "status", "due_sort", "task_id"),
                ("practice_id", "status", "due_sort", "task_id"),
                ("practice_id", "person_id"),
                ("practice_id", "case_id"),
                ("practice_id", "subject_id"),
            ),
        ),
        Table(
            "task_comments",
            {
                "task_id": "TEXT",
                "seq": "INTEGER",
                "author_id": "TEXT NOT NULL",
                "text": "TEXT NOT NULL",
                "at": "TEXT NOT NULL",
            },
            key=("task_id", "seq"),
            sealed=("text",),
        ),
        Table(
            "attention_counts",
            {
                "practice_id": "TEXT",
                "assignee": "TEXT",
                "task_type": "TEXT",
                "open_count": "INTEGER NOT NULL",
            },
            key=("practice_id", "assignee", "task_type"),
        ),
        Table(
            "attention_revisions",
            {"practice_id": "TEXT", "revision": "INTEGER NOT NULL"},
            key=("practice_id",),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"task_id": str(event.originator_id)}
        at = event.timestamp.isoformat()
        if isinstance(event, Task.Opened):
            subject = event.subject or {}
            row = {
                "practice_id": event.practice_id,
                "task_type": event.task_type,
                "source": event.source,
                "title": event.title,
                "status": "open",
                "assignee": assignee_key(event.assignee["kind"], event.assignee["id"]),
                "due_at": event.due_at.isoformat() if event.due_at else None,
                "due_sort": event.due_at.isoformat() if event.due_at else NO_DUE,
                "priority": event.priority,
                "subject_kind": subject.get("kind"),
                "subject_id": subject.get("id"),
                "person_id": subject.get("person_id"),
                "case_id": subject.get("case_id"),
                "resolution": None,
                "resolved_automatically": 0,
                "comment_count": 0,
                "opened_at": at,
            }
            batch.upsert("tasks", key, **row, updated_at=at, version=event.originator_version)
            self._count(batch, row, +1)
            self._revise(batch, row["practice_id"])
            return
        before = batch.get("tasks", key)
        if before is None:  # pragma: no cover - Opened always comes first
            return
        changes: dict[str, Any] = {}
        if isinstance(event, Task.Reassigned):
            changes["assignee"] = assignee_key(event.assignee["kind"], event.assignee["id"])
        elif isinstance(event, Task.Rescheduled):
            due = event.due_at.isoformat() if event.due_at else None
            changes.update(due_at=due, due_sort=due or NO_DUE)
        elif isinstance(event, Task.Reprioritised):
            changes["priority"] = event.priority
        elif isinstance(event, Task.Commented):
            seq = before["comment_count"] + 1
            batch.upsert(
                "task_comments",
                {"task_id": key["task_id"], "seq": seq},
                author_id=event.actor_id,
                text=event.text,
                at=at,
            )
            changes["comment_count"] = seq
        elif isinstance(event, Task.Resolved):
            changes.update(
                status="resolved",
                resolution=event.resolution,
                resolved_automatically=int(event.automatically),
            )
        elif isinstance(event, Task.Reopened):
            changes.update(status="open", resolution=None, resolved_automatically=0)
        after = {**before, **changes}
        batch.update("tasks", key, **changes, updated_at=at, version=event.originator_version)
        if (before["status"], before["assignee"]) != (after["status"], after["assignee"]):
            self._count(batch, before, -1)
            self._count(batch, after, +1)
        self._revise(batch, before["practice_id"])

    @staticmethod
    def _count(batch: Batch, row: dict[str, Any], delta: int) -> None:
        if row["status"] != "open":
            return
        for assignee in (row["assignee"], PRACTICE_WIDE):
            key = {
                "practice_id": row["practice_id"],
                "assignee": assignee,
                "task_type": row["task_type"],
            }
            current = batch.get("attention_counts", key)
            count = (current["open_count"] if current else 0) + delta
            batch.upsert("attention_counts", key, open_count=count)

    @staticmethod
    def _revise(batch: Batch, practice_id: str) -> None:
        key = {"practice_id": practice_id}
        current = batch.get("attention_revisions", key)
        batch.upsert(
            "attention_revisions", key, revision=(current["revision"] if current else 0) + 1
        )
