"""Automatic task sources, plugged in.

A context adds a source by declaring a ``TaskSourcePlugin``: its ``AutomaticSource`` (name and
task type), the events that may change its tasks (each mapped to the subject keys it
concerns), and an ``assess`` that reads the current facts of one subject. Nothing here names
a source: billing adds its own from its declaration.

Every trigger becomes an outbox job (recorded atomically with the outbox's tracking, so a
restart neither loses nor repeats it); the job reconciles the subject's one task with what the
source says now. Because the task id is ``uuid5(source, subject)`` and the answer depends only
on current facts, a job delivered twice, late, or out of order leaves the same single task.
Time-driven sources (missing notes) call ``reconcile`` from a due-work check instead."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.application import AggregateNotFoundError

from practicerunner.commands.base import save
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import Conflict
from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, reconcile
from practicerunner.domain.tasks.tasks import Task
from practicerunner.processes.jobs import JobKind
from practicerunner.processes.outbox import Decider, Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

RECONCILE_AUTOMATIC_TASK = "reconcile_automatic_task"
SERVICE = Actor.service("automatic-tasks")


@dataclass(frozen=True)
class Assessed:
    practice_id: str
    assessment: Assessment


SubjectsOf = Callable[[Any], Iterable[str]]
Assess = Callable[["Services", str, datetime], Assessed | None]


@dataclass(frozen=True)
class TaskSourcePlugin:
    source: AutomaticSource
    triggers: Mapping[type, SubjectsOf]
    assess: Assess


class AutomaticTasks:
    """The registered sources, as outbox deciders and the one job kind that reconciles."""

    def __init__(self, context: str, plugins: Sequence[TaskSourcePlugin]) -> None:
        # Each context that owns sources has its own instance (and job kind): billing adds
        # ``AutomaticTasks("billing", ...)`` in its declaration, changing nothing here.
        self.actor = f"{RECONCILE_AUTOMATIC_TASK}.{context}"
        self.plugins: dict[str, TaskSourcePlugin] = {}
        for plugin in plugins:
            if plugin.source.name in self.plugins:
                raise ValueError(f"two task sources are named {plugin.source.name}")
            self.plugins[plugin.source.name] = plugin

    def deciders(self) -> list[tuple[type, Decider]]:
        """(event class, decider) pairs, as a context declaration lists them."""
        return [
            (event_class, self._decider(plugin, subjects_of))
            for plugin in self.plugins.values()
            for event_class, subjects_of in plugin.triggers.items()
        ]

    def _decider(self, plugin: TaskSourcePlugin, subjects_of: SubjectsOf) -> Decider:
        name = plugin.source.name

        def decide(event: Any) -> Iterable[Job]:
            for subject in subjects_of(event):
                yield Job(
                    actor=self.actor,
                    key=f"{name}:{subject}:{event.originator_id}:{event.originator_version}",
                    payload={"source": name, "subject": subject},
                    practice_id=getattr(event, "practice_id", None),
                )

        decide.__name__ = f"when_{name}_may_change_reconcile_its_task"
        return decide

    def job_kind(self) -> JobKind:
        def perform(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
            return self.reconcile(runtime, job.payload["source"], job.payload["subject"])

        return JobKind(self.actor, perform, queue="tasks")

    def reconcile(self, runtime: Services, source_name: str, subject: str) -> str:
        """Brings one subject's task in line with its source; returns what happened."""
        plugin = self.plugins[source_name]
        app = runtime.stores["tasks"]
        task_id = plugin.source.task_id(subject)
        for _ in range(5):
            now = runtime.clock.now()
            assessed = plugin.assess(runtime, subject, now)
            if assessed is None:
                return "no-such-subject"
            try:
                existing: Any = app.repository.get(task_id)
            except AggregateNotFoundError:
                existing = None
            if existing is not None and not isinstance(existing, Task):  # pragma: no cover
                return "not-a-task"
            task = reconcile(
                existing,
                plugin.source,
                subject,
                assessed.practice_id,
                assessed.assessment,
                SERVICE,
                now,
            )
            if task is None:
                return "not-wanted"
            before = existing.version if existing is not None else 0
            if not task.pending_events:
                return "unchanged"
            try:
                save(app, task, result_of=task)
            except Conflict:
                continue  # another job changed it at the same moment: look again
            return "opened" if before == 0 else f"{task.status.value}"
        raise Conflict("The task kept changing under its reconciliation.")
