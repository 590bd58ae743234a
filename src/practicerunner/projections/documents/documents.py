"""The documents of each case: kind, payer, period, state and the files of the latest
rendering. No personal data: names and amounts live only in the sealed files."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.documents.documents import Document
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection
from practicerunner.projections.reading import Reader, marks


class Documents(Projection):
    name = "documents"
    version = 1
    upstreams = ("documents",)
    handles = (
        Document.Requested,
        Document.RegenerationRequested,
        Document.Rendered,
        Document.RenderingFailed,
    )
    tables = (
        Table(
            "documents",
            {
                "document_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "case_id": "TEXT",
                "subject_id": "TEXT",
                "kind": "TEXT NOT NULL",
                "person_id": "TEXT NOT NULL",
                "period_start": "TEXT NOT NULL",
                "period_end": "TEXT NOT NULL",
                "origin": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "rendering": "INTEGER NOT NULL",
                "files": "TEXT NOT NULL",
                "lines": "INTEGER NOT NULL",
                "failure": "TEXT",
                "requested_at": "TEXT NOT NULL",
                "rendered_at": "TEXT",
                "version": "INTEGER NOT NULL",
            },
            key=("document_id",),
            indexes=(
                ("case_id", "requested_at", "document_id"),
                ("person_id", "requested_at"),
                ("subject_id",),
            ),
            json=("files",),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"document_id": str(event.originator_id)}
        at = event.timestamp.isoformat()
        version = {"version": event.originator_version}
        if isinstance(event, Document.Requested):
            batch.upsert("documents", key, **{
                "practice_id": event.practice_id, "case_id": event.case_id,
                "subject_id": event.subject_id,
                "kind": event.kind, "person_id": event.person_id,
                "period_start": event.period_start, "period_end": event.period_end,
                "origin": event.origin, "status": "pending", "rendering": 0,
                "files": json.dumps({}), "lines": 0, "failure": None,
                "requested_at": at, "rendered_at": None, **version,
            })  # fmt: skip
        elif isinstance(event, Document.RegenerationRequested):
            batch.update("documents", key, status="pending", failure=None, **version)
        elif isinstance(event, Document.Rendered):
            batch.update("documents", key, **{
                "status": "ready", "rendering": event.rendering,
                "files": json.dumps(event.files, sort_keys=True), "lines": event.lines,
                "rendered_at": at, **version,
            })  # fmt: skip
        elif isinstance(event, Document.RenderingFailed):
            batch.update("documents", key, status="failed", failure=event.reason, **version)


class DocumentQueries:
    def __init__(self, engine: Any) -> None:
        self.reader = Reader(engine)

    def document(self, practice_id: str, document_id: str) -> dict[str, Any] | None:
        return self.reader.one(
            "documents", "documents", "practice_id = %s AND document_id = %s",
            [practice_id, document_id],
        )  # fmt: skip

    def of_person(self, practice_id: str, person_id: str, limit: int = 200) -> list[dict]:
        with self.reader.db.read() as tx:
            return self.reader.select(
                tx, "documents", "documents", "practice_id = %s AND person_id = %s",
                [practice_id, person_id, limit], "ORDER BY requested_at DESC, document_id LIMIT %s",
            )  # fmt: skip

    def of_cases(self, practice_id: str, case_ids: list[str], limit: int = 200) -> list[dict]:
        if not case_ids:
            return []
        with self.reader.db.read() as tx:
            return self.reader.select(
                tx, "documents", "documents",
                f"practice_id = %s AND case_id IN ({marks(case_ids)})",
                [practice_id, *case_ids, limit],
                "ORDER BY requested_at DESC, document_id LIMIT %s",
            )  # fmt: skip
