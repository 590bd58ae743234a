"""Queries over the task list and Needs Attention: plain SQL on the active tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.paging import Page, decode_cursor, keyset_where, page_of
from practicerunner.projections.tasks.task_list import NO_DUE, PRACTICE_WIDE

COLUMNS = (
    "task_id",
    "practice_id",
    "task_type",
    "source",
    "title",
    "status",
    "assignee",
    "due_at",
    "due_sort",
    "priority",
    "subject_kind",
    "subject_id",
    "person_id",
    "case_id",
    "resolution",
    "resolved_automatically",
    "comment_count",
    "opened_at",
    "updated_at",
    "version",
)
SORT = ("due_sort", "task_id")
T = TypeVar("T")


@dataclass(frozen=True)
class TaskFilter:
    assignees: tuple[str, ...] = ()  # "staff:<id>" or "role:<role>"; empty: anyone
    task_type: str | None = None
    status: str | None = "open"
    person_id: str | None = None
    case_id: str | None = None
    due_before: str | None = None  # ISO instant
    subject_id: str | None = None


@dataclass(frozen=True)
class Attention:
    items: list[dict[str, Any]]
    counts: dict[str, int]
    total: int
    revision: int


class TaskQueries:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db

    def _shape(self, row: tuple[Any, ...]) -> dict[str, Any]:
        out = dict(zip(COLUMNS, row, strict=True))
        out["title"] = self.db.sealer.unseal(out["title"])
        out["resolution"] = self.db.sealer.unseal(out["resolution"])
        out["resolved_automatically"] = bool(out["resolved_automatically"])
        kind, _, who = out.pop("assignee").partition(":")
        out["assignee"] = {"kind": kind, "id": who}
        out.pop("due_sort")
        return out

    def task(self, practice_id: str, task_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            t = self.engine.tables(tx, "tasks")
            row = tx.fetchone(
                f"SELECT {', '.join(COLUMNS)} FROM {t['tasks']} "
                "WHERE task_id = %s AND practice_id = %s",
                (task_id, practice_id),
            )
            if row is None:
                return None
            comments = tx.fetchall(
                f"SELECT author_id, text, at FROM {t['task_comments']} WHERE task_id = %s "
                "ORDER BY seq",
                (task_id,),
            )
        task = self._shape(row)
        task["comments"] = [
            {"author_id": a, "text": self.db.sealer.unseal(text), "at": at}
            for a, text, at in comments
        ]
        return task

    def tasks(
        self, practice_id: str, where: TaskFilter, limit: int = 50, cursor: str | None = None
    ) -> Page:
        clauses, params = ["practice_id = %s"], [practice_id]
        for column, value in (
            ("task_type", where.task_type),
            ("status", where.status),
            ("person_id", where.person_id),
            ("case_id", where.case_id),
            ("subject_id", where.subject_id),
        ):
            if value is not None:
                clauses.append(f"{column} = %s")
                params.append(value)
        if where.assignees:
            clauses.append(f"assignee IN ({', '.join('%s' for _ in where.assignees)})")
            params.extend(where.assignees)
        if where.due_before is not None:
            clauses.append("due_sort < %s")
            params.append(where.due_before)
        keyset, keyset_params = keyset_where(SORT, decode_cursor(cursor, len(SORT)))
        if keyset:
            clauses.append(keyset)
        with self.db.read() as tx:
            table = self.engine.tables(tx, "tasks")["tasks"]
            rows = tx.fetchall(
                f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE {' AND '.join(clauses)} "
                f"ORDER BY {', '.join(SORT)} LIMIT %s",
                [*params, *keyset_params, limit + 1],
            )
        shaped = [{**self._shape(r), "due_sort": r[COLUMNS.index("due_sort")]} for r in rows]
        page = page_of(shaped, limit, SORT)
        for item in page.items:
            item.pop("due_sort")
        return page

    def _polled(self, read: Callable[[dict[str, str], Any], T]) -> T:
        """Runs a polled read on the remembered table names; if a rebuild elsewhere swapped
        the tables away meanwhile, looks them up again and runs it once more."""
        for attempt in (1, 2):
            try:
                with self.db.read() as tx:
                    return read(self.engine.known_tables(tx, "tasks"), tx)
            except Exception:
                if attempt == 2:
                    raise
                self.engine.forget_tables("tasks")
        raise AssertionError("unreachable")  # pragma: no cover

    def revision(self, practice_id: str) -> int:
        """Moves with every change to any task of the practice: an ETag for polling."""

        def read(t: dict[str, str], tx: Any) -> int:
            row = tx.fetchone(
                f"SELECT revision FROM {t['attention_revisions']} WHERE practice_id = %s",
                (practice_id,),
            )
            return int(row[0]) if row else 0

        return self._polled(read)

    def attention(
        self, practice_id: str, assignees: tuple[str, ...] | None, limit: int = 50
    ) -> Attention:
        """Open items for these assignees (a user and their role), or for the whole practice
        (None): the most urgent first, with counts by type. Two statements: the counts with
        the revision, then the page. The page takes, for each assignee, the first ``limit``
        keys ``(due_sort, task_id)`` of its range of the covering index (no table rows read),
        merges and cuts them to ``limit`` in SQL, and only then reads those rows whole, so
        the cost follows ``limit`` and not the number of open tasks or of assignees."""
        keys = assignees if assignees is not None else (PRACTICE_WIDE,)
        marks = ", ".join("%s" for _ in keys)

        def read(t: dict[str, str], tx: Any) -> tuple[list[Any], list[Any]]:
            counted = tx.fetchall(
                f"SELECT task_type, open_count FROM {t['attention_counts']} "
                f"WHERE practice_id = %s AND assignee IN ({marks}) UNION ALL "
                f"SELECT NULL, revision FROM {t['attention_revisions']} WHERE practice_id = %s",
                (practice_id, *keys, practice_id),
            )
            rows = tx.fetchall(*self._attention_page(t["tasks"], practice_id, keys, limit))
            return counted, rows

        counted, rows = self._polled(read)
        items = [self._shape(r) for r in rows]
        counts: dict[str, int] = {}
        revision = 0
        for task_type, count in counted:
            if task_type is None:
                revision = int(count)
            elif count:
                counts[task_type] = counts.get(task_type, 0) + int(count)
        return Attention(items, counts, sum(counts.values()), revision)

    @staticmethod
    def _attention_page(
        table: str, practice_id: str, keys: tuple[str, ...], limit: int
    ) -> tuple[str, list[Any]]:
        ranges: list[str] = []
        params: list[Any] = []
        for i, key in enumerate(keys):
            by_assignee = "" if key == PRACTICE_WIDE else "AND assignee = %s "
            ranges.append(
                f"SELECT * FROM (SELECT due_sort, task_id FROM {table} WHERE practice_id = %s "
                f"{by_assignee}AND status = 'open' ORDER BY due_sort, task_id LIMIT %s) r{i}"
            )
            params.extend((practice_id, key, limit) if by_assignee else (practice_id, limit))
        order = ", ".join(SORT)
        sql = (
            f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE task_id IN ("
            f"SELECT task_id FROM ({' UNION ALL '.join(ranges)}) merged "
            f"ORDER BY {order} LIMIT %s) ORDER BY {order}"
        )
        return sql, [*params, limit]


__all__ = ["NO_DUE", "Attention", "TaskFilter", "TaskQueries"]
