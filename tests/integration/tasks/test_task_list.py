"""The task list and Needs Attention read models over a real store, on both databases:
filters, counts by type that follow every change, the revision that moves with them, and
sealed staff-written text."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject, Task
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.tasks.queries import TaskFilter, TaskQueries

STAFF = Actor("owner-1")
AT = datetime(2026, 3, 2, 15, tzinfo=UTC)
KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[ProjectionEngine]:
    settings = Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path / "var"),
            "PRACTICERUNNER_DATABASE_URL": database_url,
            "PRACTICERUNNER_CIPHER_KEY": KEY,
        }
    )
    rt = Runtime(settings)
    yield rt.engine
    rt.close()


def _task(assignee: Assignee, task_type: str = "to_do", due: int | None = 1, **kw: str) -> Task:
    return Task.open(
        id=uuid.uuid4(),
        practice_id="p1",
        task_type=task_type,
        source="staff" if task_type == "to_do" else task_type,
        title=f"Call Ada Lee {due}",
        subject=Subject(
            "person",
            kw.get("person", "ada"),
            person_id=kw.get("person", "ada"),
            case_id=kw.get("case"),
        ),
        assignee=assignee,
        due_at=AT + timedelta(days=due) if due is not None else None,
        priority=Priority.NORMAL,
        by=STAFF,
        at=AT,
    )


def test_attention_counts_and_items_follow_every_change(engine: ProjectionEngine) -> None:
    app = engine.stores["tasks"]
    mine, role, other = Assignee.staff("u1"), Assignee.role("coordinator"), Assignee.staff("u2")
    tasks = [
        _task(mine, due=3),
        _task(role, "missing_note", due=1),
        _task(other, due=2, case="case-9"),
        _task(mine, "missing_note", due=None),
    ]
    app.save_all(*tasks)
    engine.catch_up("tasks")
    queries = TaskQueries(engine)
    me = ("staff:u1", "role:coordinator")
    attention = queries.attention("p1", me)
    assert attention.counts == {"to_do": 1, "missing_note": 2} and attention.total == 3
    assert [i["task_id"] for i in attention.items] == [
        str(t.id) for t in (tasks[1], tasks[0], tasks[3])
    ]
    practice = queries.attention("p1", None)
    assert practice.total == 4 and len(practice.items) == 4
    revision = attention.revision

    tasks[0].resolve("Done", STAFF, AT)
    tasks[2].reassign(mine, STAFF, AT)
    app.save_all(tasks[0], tasks[2])
    engine.catch_up("tasks")
    attention = queries.attention("p1", me)
    assert attention.counts == {"to_do": 1, "missing_note": 2} and attention.revision > revision
    assert str(tasks[2].id) in [i["task_id"] for i in attention.items]
    assert queries.attention("p1", None).total == 3
    assert queries.attention("other-practice", None).total == 0


def test_attention_page_is_the_most_urgent_of_all_assignees_cut_to_the_limit(
    engine: ProjectionEngine,
) -> None:
    """A user's own tasks and their role's interleave by due date; the page is the first
    ``limit`` of them all, in order, whole (titles unsealed), never a range's own first few."""
    app = engine.stores["tasks"]
    mine, role = Assignee.staff("u1"), Assignee.role("coordinator")
    tasks = [_task(mine if day % 2 else role, due=day) for day in range(1, 9)]
    tasks += [_task(Assignee.staff("u2"), due=0)]
    tasks[2].resolve("Done", STAFF, AT)
    app.save_all(*tasks)
    engine.catch_up("tasks")
    attention = TaskQueries(engine).attention("p1", ("staff:u1", "role:coordinator"), limit=4)
    assert [i["title"] for i in attention.items] == [
        "Call Ada Lee 1",
        "Call Ada Lee 2",
        "Call Ada Lee 4",
        "Call Ada Lee 5",
    ]
    assert attention.total == 7


def test_filters_by_assignee_type_status_client_case_and_due(engine: ProjectionEngine) -> None:
    app = engine.stores["tasks"]
    a = _task(Assignee.staff("u1"), due=1, person="ann")
    b = _task(Assignee.staff("u2"), "missing_note", due=5, person="bob", case="case-b")
    c = _task(Assignee.staff("u1"), due=9, person="bob")
    c.resolve(None, STAFF, AT)
    app.save_all(a, b, c)
    engine.catch_up("tasks")
    q = TaskQueries(engine)

    def ids(where: TaskFilter) -> list[str]:
        return [t["task_id"] for t in q.tasks("p1", where).items]

    assert ids(TaskFilter()) == [str(a.id), str(b.id)]
    assert ids(TaskFilter(status=None)) == [str(a.id), str(b.id), str(c.id)]
    assert ids(TaskFilter(status="resolved")) == [str(c.id)]
    assert ids(TaskFilter(assignees=("staff:u2",))) == [str(b.id)]
    assert ids(TaskFilter(task_type="missing_note")) == [str(b.id)]
    assert ids(TaskFilter(person_id="bob", status=None)) == [str(b.id), str(c.id)]
    assert ids(TaskFilter(case_id="case-b")) == [str(b.id)]
    assert ids(TaskFilter(due_before=(AT + timedelta(days=2)).isoformat())) == [str(a.id)]
    first = q.tasks("p1", TaskFilter(status=None), limit=2)
    second = q.tasks("p1", TaskFilter(status=None), limit=2, cursor=first.next_cursor)
    assert [t["task_id"] for t in second.items] == [str(c.id)] and second.next_cursor is None


def test_staff_written_text_is_sealed_at_rest(engine: ProjectionEngine) -> None:
    task = _task(Assignee.staff("u1"))
    task.comment("Ada's mother called about the bill", STAFF, AT)
    engine.stores["tasks"].save_all(task)
    engine.catch_up("tasks")
    with engine.db.read() as tx:
        tables = engine.tables(tx, "tasks")
        rows = tx.fetchall(f"SELECT title FROM {tables['tasks']}")
        rows += tx.fetchall(f"SELECT text FROM {tables['task_comments']}")
    assert rows and not any("Ada" in str(r[0]) for r in rows)
    shown = TaskQueries(engine).task("p1", str(task.id))
    assert shown is not None and shown["title"].startswith("Call Ada Lee")
    assert shown["comments"][0]["text"] == "Ada's mother called about the bill"
    assert TaskQueries(engine).task("other-practice", str(task.id)) is None
