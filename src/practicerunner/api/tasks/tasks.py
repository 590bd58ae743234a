"""The task list: filter by assignee, type, status, client, case and due time; open one; create,
comment, resolve, reopen, reassign, reschedule.

Who sees which task: the owner and admins see the practice's tasks; a provider or associate
sees the tasks assigned to them or to their role (another task answers 404, like an unknown
id). Task text written by staff is sealed at rest; task titles never carry note content."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from practicerunner.api.auth import Principal, require
from practicerunner.api.clients.case_access import case_guard, scope_of
from practicerunner.api.deps import consistent_with, page_params
from practicerunner.api.errors import ApiProblem
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.tasks.schemas import TaskDetail, TaskPage
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.commands.tasks import tasks as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.domain.tasks.tasks import Task
from practicerunner.projections.tasks.queries import TaskFilter, TaskQueries

router = APIRouter(tags=["tasks"])
READ, MANAGE = Permission.TASKS_READ, Permission.TASKS_MANAGE
NO_TASK = "No task with that id."


def task_queries(request: Request) -> TaskQueries:
    return TaskQueries(request.app.state.runtime.engine)


def own_assignees(principal: Principal) -> tuple[str, ...]:
    """The assignee keys of the caller's own work: themselves and their role."""
    return (f"staff:{principal.staff_id}", f"role:{principal.role.value}")


def reaches_assignee(principal: Principal, assignee: str) -> bool:
    return scope_of(principal) is None or assignee in own_assignees(principal)


def _assignees(principal: Principal, assignee: str) -> tuple[str, ...]:
    if assignee == "me":
        return own_assignees(principal)
    if assignee == "anyone":
        return () if scope_of(principal) is None else own_assignees(principal)
    kind, _, who = assignee.partition(":")
    if kind not in ("staff", "role") or not who:
        raise ApiProblem(
            422, "validation-error", "The request is not valid",
            "assignee is me, anyone, staff:<id> or role:<role>.",
        )  # fmt: skip
    if not reaches_assignee(principal, assignee):
        raise ApiProblem(
            403, "forbidden", "Not allowed", "You see your own tasks and your role's only."
        )
    return (assignee,)


@router.get("/tasks", response_model=TaskPage)
def list_tasks(
    assignee: str = Query(default="me", max_length=80, description="me, anyone, staff:ID, role:R"),
    type: str | None = Query(default=None, max_length=64),
    status: Literal["open", "resolved", "any"] = Query(default="open"),
    person_id: UUID | None = Query(default=None),
    case_id: UUID | None = Query(default=None),
    due_before: datetime | None = Query(default=None, description="ISO 8601 with offset"),
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    queries: TaskQueries = Depends(task_queries),
    _: None = Depends(consistent_with("tasks")),
) -> Any:
    """Soonest due first (tasks without a due time last)."""
    if due_before is not None and due_before.tzinfo is None:
        raise ApiProblem(
            422, "validation-error", "The request is not valid", "due_before needs an offset."
        )
    where = TaskFilter(
        assignees=_assignees(principal, assignee),
        task_type=type,
        status=None if status == "any" else status,
        person_id=str(person_id) if person_id else None,
        case_id=str(case_id) if case_id else None,
        due_before=due_before.isoformat() if due_before else None,
    )
    result = queries.tasks(str(principal.practice_id), where, **page)
    return {"items": result.items, "next_cursor": result.next_cursor}


@router.get("/tasks/{task_id}", response_model=TaskDetail)
def get_task(
    task_id: UUID,
    principal: Principal = Depends(require(READ)),
    queries: TaskQueries = Depends(task_queries),
    _: None = Depends(consistent_with("tasks")),
) -> Any:
    task = queries.task(str(principal.practice_id), str(task_id))
    if task is None:
        raise NotFound(NO_TASK)
    assignee = f"{task['assignee']['kind']}:{task['assignee']['id']}"
    if not reaches_assignee(principal, assignee):
        raise NotFound(NO_TASK)
    return task


def task_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    """A provider or associate works on their own (or their role's) tasks only; the task is
    read from the event store, so a task just created or reassigned is judged as it is now."""
    if scope_of(principal) is None:
        return
    rt: Runtime = request.app.state.runtime
    task = load(rt.stores["tasks"], Task, values["task_id"], principal.practice_id, copy=False)
    if not reaches_assignee(principal, f"{task.assignee['kind']}:{task.assignee['id']}"):
        raise NotFound(NO_TASK)


command_route(
    router, "/tasks", cmd.create_task, cmd.CreateTask, MANAGE, status_code=201, versioned=False,
    guard=case_guard,
)  # fmt: skip
_TASK_ROUTES: list[CommandRoute] = [
    ("comment", cmd.comment_on_task, cmd.CommentOnTask),
    ("resolve", cmd.resolve_task, cmd.ResolveTask),
    ("reopen", cmd.reopen_task, cmd.TaskCommand),
    ("reassign", cmd.reassign_task, cmd.ReassignTask),
    ("reschedule", cmd.reschedule_task, cmd.RescheduleTask),
]
for path, handler, model in _TASK_ROUTES:
    command_route(
        router, f"/tasks/{{task_id}}/{path}", handler, model, MANAGE,
        path_param="task_id", guard=task_guard,
    )  # fmt: skip
