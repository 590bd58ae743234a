"""Staff work on tasks: create one (assigned to a colleague or a role, optionally about a
client or case), comment, resolve, reopen, reassign, and change its due time or priority."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from practicerunner.commands.access import Choice, case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.inputs import Instant, Line
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import CASE, PERSON, STAFF, TASK
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.tasks.tasks import STAFF_SOURCE, Assignee, Priority, Subject, Task

STAFF_TASK_TYPE = "to_do"


class AssigneeInput(Command):
    kind: Literal["staff", "role"]
    id: str = Field(min_length=1, max_length=64)


ASSIGNEE = Choice("assignee.kind", {"staff": STAFF, "role": None})
"""A task's assignee is a colleague (a reference) or a role (a name, checked below)."""


def assignee_of_practice(ctx: CommandContext, given: AssigneeInput) -> Assignee:
    """A colleague of this practice (an active one), or one of the practice's roles."""
    if given.kind == "role":
        try:
            return Assignee.role(Role(given.id).value)
        except ValueError:
            raise InvalidValue(f"There is no role '{given.id}'.", field="assignee.id") from None
    staff = load(ctx.stores.practice, StaffMember, given.id, ctx.practice_id)
    if staff.status == "deactivated":
        raise RuleViolation("That colleague is deactivated.", field="assignee.id")
    return Assignee.staff(staff.id)


class CreateTask(Command):
    title: Line = Field(min_length=1, max_length=200)
    assignee: AssigneeInput
    due_at: Instant | None = None
    priority: Priority = Priority.NORMAL
    person_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


@command(refs={"assignee.id": ASSIGNEE, "person_id": PERSON, "case_id": CASE}, access=case_team)
def create_task(cmd: CreateTask, ctx: CommandContext) -> CommandResult:
    practice_for_write(ctx, read_only=True)
    subject = None
    if cmd.case_id is not None:
        case = load(ctx.stores.scheduling, Case, cmd.case_id, ctx.practice_id, copy=False)
        subject = Subject("case", str(case.id), case_id=str(case.id))
    if cmd.person_id is not None:
        person = load(ctx.stores.scheduling, Person, cmd.person_id, ctx.practice_id, copy=False)
        subject = Subject(
            "person",
            str(person.id),
            person_id=str(person.id),
            case_id=subject.case_id if subject else None,
        )
    task = Task.open(
        id=uuid.uuid4(),
        practice_id=str(ctx.practice_id),
        task_type=STAFF_TASK_TYPE,
        source=STAFF_SOURCE,
        title=cmd.title,
        subject=subject,
        assignee=assignee_of_practice(ctx, cmd.assignee),
        due_at=cmd.due_at,
        priority=cmd.priority,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores["tasks"], task, result_of=task)


class TaskCommand(Command):
    task_id: uuid.UUID


def _task(ctx: CommandContext, task_id: uuid.UUID, expected: int | None) -> Task:
    practice_for_write(ctx, read_only=True)
    task = load(ctx.stores["tasks"], Task, task_id, ctx.practice_id)
    expect_version(task, expected)
    return task


class CommentOnTask(TaskCommand):
    text: str = Field(min_length=1, max_length=5000)


@command(refs={"task_id": TASK}, access=case_team)
def comment_on_task(
    cmd: CommentOnTask, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    task = _task(ctx, cmd.task_id, expected_version)
    task.comment(cmd.text, ctx.actor, ctx.now())
    return save(ctx.stores["tasks"], task, result_of=task)


class ResolveTask(TaskCommand):
    resolution: str | None = Field(default=None, max_length=500)


@command(refs={"task_id": TASK}, access=case_team)
def resolve_task(
    cmd: ResolveTask, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Marks a task done. An automatic task resolved by hand stays resolved while its cause
    lasts; it reopens only if the cause goes away and comes back."""
    task = _task(ctx, cmd.task_id, expected_version)
    task.resolve(cmd.resolution, ctx.actor, ctx.now())
    return save(ctx.stores["tasks"], task, result_of=task)


@command(refs={"task_id": TASK}, access=case_team)
def reopen_task(
    cmd: TaskCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    task = _task(ctx, cmd.task_id, expected_version)
    task.reopen(ctx.actor, ctx.now())
    return save(ctx.stores["tasks"], task, result_of=task)


class ReassignTask(TaskCommand):
    assignee: AssigneeInput


@command(refs={"task_id": TASK, "assignee.id": ASSIGNEE}, access=case_team)
def reassign_task(
    cmd: ReassignTask, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    task = _task(ctx, cmd.task_id, expected_version)
    task.reassign(assignee_of_practice(ctx, cmd.assignee), ctx.actor, ctx.now())
    return save(ctx.stores["tasks"], task, result_of=task)


class RescheduleTask(TaskCommand):
    due_at: Instant | None = None
    priority: Priority | None = None


@command(refs={"task_id": TASK}, access=case_team)
def reschedule_task(
    cmd: RescheduleTask, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    task = _task(ctx, cmd.task_id, expected_version)
    due: datetime | None = cmd.due_at
    task.reschedule(due, ctx.actor, ctx.now())
    if cmd.priority is not None:
        task.reprioritise(cmd.priority, ctx.actor, ctx.now())
    return save(ctx.stores["tasks"], task, result_of=task)
