"""A task: assignee (a staff member or a role), due time, priority, source, and a link to
what it concerns (subject, and the client and case for filtering); comments; resolved and
reopened. Automatic tasks are reconciled with what their source wants (see ``automatic``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.values import name_must_be_present

STAFF_SOURCE = "staff"
MAX_COMMENT = 5_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TaskStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class AssigneeKind(StrEnum):
    STAFF = "staff"  # one staff member, by id
    ROLE = "role"  # everyone with that role (owner, coordinator, billing...)


@dataclass(frozen=True)
class Assignee:
    kind: AssigneeKind
    id: str

    @classmethod
    def staff(cls, staff_id: str | UUID) -> Assignee:
        return cls(AssigneeKind.STAFF, str(staff_id))

    @classmethod
    def role(cls, role: str) -> Assignee:
        return cls(AssigneeKind.ROLE, str(role))


@dataclass(frozen=True)
class Subject:
    """What a task concerns: a kind (appointment, note, person...) and its id, plus the client
    and case it belongs to, so lists filter by them."""

    kind: str
    id: str
    person_id: str | None = None
    case_id: str | None = None


def text_must_be_clean(value: str, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidValue(f"The {field} must not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidValue(f"The {field} is longer than {max_length} characters.", field=field)
    if _CONTROL.search(value):
        raise InvalidValue(f"The {field} holds control characters.", field=field)
    return value


class Task(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        task_type: str,
        source: str,
        title: str,
        subject: dict[str, Any] | None,
        assignee: dict[str, str],
        due_at: datetime | None,
        priority: str,
    ) -> None:
        self.practice_id = practice_id
        self.task_type = task_type
        self.source = source
        self.title = title
        self.subject = subject
        self.assignee = assignee
        self.due_at = due_at
        self.priority = Priority(priority)
        self.status = TaskStatus.OPEN
        self.resolved_automatically = False
        self.resolution: str | None = None
        self.comments: list[dict[str, Any]] = []

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def is_automatic(self) -> bool:
        return self.source != STAFF_SOURCE

    # -- events ---------------------------------------------------------------------------

    class Opened(PracticeAggregate.Created):
        practice_id: str
        task_type: str
        source: str
        title: str
        subject: dict[str, Any] | None
        assignee: dict[str, str]
        due_at: datetime | None
        priority: str

    class Reassigned(PracticeAggregate.Event):
        assignee: dict[str, str]

        def apply(self, task: Task) -> None:
            task.assignee = self.assignee

    class Rescheduled(PracticeAggregate.Event):
        due_at: datetime | None

        def apply(self, task: Task) -> None:
            task.due_at = self.due_at

    class Reprioritised(PracticeAggregate.Event):
        priority: str

        def apply(self, task: Task) -> None:
            task.priority = Priority(self.priority)

    class Commented(PracticeAggregate.Event):
        text: str

        def apply(self, task: Task) -> None:
            task.comments.append(
                {"by": self.actor_id, "text": self.text, "at": self.timestamp.isoformat()}
            )

    class Resolved(PracticeAggregate.Event):
        resolution: str | None
        automatically: bool

        def apply(self, task: Task) -> None:
            task.status = TaskStatus.RESOLVED
            task.resolution = self.resolution
            task.resolved_automatically = self.automatically

    class Reopened(PracticeAggregate.Event):
        automatically: bool

        def apply(self, task: Task) -> None:
            task.status = TaskStatus.OPEN
            task.resolution = None
            task.resolved_automatically = False

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        practice_id: str,
        task_type: str,
        source: str,
        title: str,
        subject: Subject | None,
        assignee: Assignee,
        due_at: datetime | None,
        priority: Priority,
        by: Actor,
        at: datetime | None,
    ) -> Task:
        if due_at is not None and due_at.tzinfo is None:
            raise InvalidValue("A due time carries its UTC offset.", field="due_at")
        return cls._start(
            cls.Opened,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            task_type=name_must_be_present(task_type, "task_type", 60),
            source=source,
            title=text_must_be_clean(title, "title", 200),
            subject=None if subject is None else asdict(subject),
            assignee={"kind": assignee.kind.value, "id": assignee.id},
            due_at=due_at,
            priority=Priority(priority).value,
        )

    def reassign(self, assignee: Assignee, by: Actor, at: datetime | None) -> None:
        wanted = {"kind": assignee.kind.value, "id": assignee.id}
        if wanted != self.assignee:
            self._happen(self.Reassigned, by, at, assignee=wanted)

    def reschedule(self, due_at: datetime | None, by: Actor, at: datetime | None) -> None:
        if due_at is not None and due_at.tzinfo is None:
            raise InvalidValue("A due time carries its UTC offset.", field="due_at")
        if due_at != self.due_at:
            self._happen(self.Rescheduled, by, at, due_at=due_at)

    def reprioritise(self, priority: Priority, by: Actor, at: datetime | None) -> None:
        if Priority(priority) != self.priority:
            self._happen(self.Reprioritised, by, at, priority=Priority(priority).value)

    def comment(self, text: str, by: Actor, at: datetime | None) -> None:
        self._happen(self.Commented, by, at, text=text_must_be_clean(text, "comment", MAX_COMMENT))

    def resolve(self, resolution: str | None, by: Actor, at: datetime | None) -> None:
        """A person marks it done (for an automatic task: dismisses it; it stays dismissed
        until its cause goes away and comes back)."""
        if not self.is_open:
            raise RuleViolation("This task is already resolved.", reason="task-resolved")
        clean = text_must_be_clean(resolution, "resolution", 500) if resolution else None
        self._happen(self.Resolved, by, at, resolution=clean, automatically=False)

    def reopen(self, by: Actor, at: datetime | None) -> None:
        if self.is_open:
            raise RuleViolation("This task is open.", reason="task-open")
        self._happen(self.Reopened, by, at, automatically=False)

    def resolve_automatically(self, reason: str, by: Actor, at: datetime | None) -> None:
        if self.is_open:
            self._happen(self.Resolved, by, at, resolution=reason, automatically=True)

    def reopen_automatically(self, by: Actor, at: datetime | None) -> None:
        """The cause came back after it had gone away; a task a person dismissed stays so."""
        if not self.is_open and self.resolved_automatically:
            self._happen(self.Reopened, by, at, automatically=True)
