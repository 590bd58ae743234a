"""Response shapes of the task routes."""

from __future__ import annotations

from pydantic import BaseModel


class AssigneeView(BaseModel):
    kind: str  # staff or role
    id: str


class TaskView(BaseModel):
    task_id: str
    task_type: str
    source: str
    title: str
    status: str
    assignee: AssigneeView
    due_at: str | None
    priority: str
    subject_kind: str | None
    subject_id: str | None
    person_id: str | None
    case_id: str | None
    resolution: str | None
    resolved_automatically: bool
    comment_count: int
    opened_at: str
    updated_at: str
    version: int


class TaskComment(BaseModel):
    author_id: str
    text: str
    at: str


class TaskDetail(TaskView):
    comments: list[TaskComment]


class TaskPage(BaseModel):
    items: list[TaskView]
    next_cursor: str | None


class AttentionView(BaseModel):
    """What needs attention: the most urgent open items, and how many of each type."""

    scope: str
    items: list[TaskView]
    counts: dict[str, int]
    total: int
    revision: int
