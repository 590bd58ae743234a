"""The mechanism every automatic task source uses.

A source has a name and a task type. Each of its tasks concerns one subject (an appointment,
a note submission, a representative) and has the id ``uuid5(source, subject key)``: however
often, in whatever order, and after whatever restart the source is asked, there is at most one
task for that cause. Asking is level-triggered: the source looks at the current facts and
answers ``Wanted`` (the task should be open, assigned like this) or ``NotWanted`` (its cause
is gone, with the reason), and ``reconcile`` brings the task in line. So a late, repeated or
reordered trigger can never leave a stale task open, and a task resolves itself when its
cause goes away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from practicerunner.domain.base import Actor, natural_id
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject, Task


@dataclass(frozen=True)
class Wanted:
    title: str
    assignee: Assignee
    subject: Subject
    due_at: datetime | None = None
    priority: Priority = Priority.NORMAL


@dataclass(frozen=True)
class NotWanted:
    reason: str


Assessment = Wanted | NotWanted


@dataclass(frozen=True)
class AutomaticSource:
    """``name`` is part of every task id: never rename a source once it has raised tasks."""

    name: str
    task_type: str

    def task_id(self, subject_key: str) -> UUID:
        return natural_id("task", self.name, subject_key)


def reconcile(
    task: Task | None,
    source: AutomaticSource,
    subject_key: str,
    practice_id: str,
    assessment: Assessment,
    by: Actor,
    at: datetime,
) -> Task | None:
    """The task as its source wants it (new, reopened, moved or resolved), or None when no
    task exists and none is wanted. A task a person dismissed stays dismissed while its cause
    lasts; the source decides its assignee (a review moves with the supervisor)."""
    if isinstance(assessment, NotWanted):
        if task is not None:
            task.resolve_automatically(assessment.reason, by, at)
        return task
    if task is None:
        return Task.open(
            id=source.task_id(subject_key),
            practice_id=practice_id,
            task_type=source.task_type,
            source=source.name,
            title=assessment.title,
            subject=assessment.subject,
            assignee=assessment.assignee,
            due_at=assessment.due_at,
            priority=assessment.priority,
            by=by,
            at=at,
        )
    task.reopen_automatically(by, at)
    task.reassign(assessment.assignee, by, at)
    return task
