"""Queries over clinical notes and records. Lists carry no note text; only ``note`` (one
note, for a reader the API has checked and logged) unseals content, and only the group
sections of participants that reader may see."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from practicerunner.projections.engine import ProjectionEngine

SUMMARY = (
    "note_id",
    "practice_id",
    "case_id",
    "appointment_id",
    "kind",
    "author_id",
    "status",
    "submission",
    "reviewer_id",
    "submitted_at",
    "signed_by",
    "cosigned_by",
    "signed_at",
    "started_at",
    "updated_at",
    "version",
)
CONTENT = ("psychotherapy", "participants", "fields", "content", "reviews", "addenda")


class ClinicalQueries:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db

    def _tables(self, tx: Any) -> dict[str, str]:
        return self.engine.tables(tx, "clinical_notes")

    def note_summary(self, practice_id: str, note_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT {', '.join(SUMMARY)} FROM {self._tables(tx)['notes']} "
                "WHERE note_id = %s AND practice_id = %s",
                (note_id, practice_id),
            )
        return dict(zip(SUMMARY, row, strict=True)) if row else None

    def note(
        self, practice_id: str, note_id: str, visible_participants: Collection[str] | None
    ) -> dict[str, Any] | None:
        """The whole note; ``visible_participants`` None means every section."""
        cols = (*SUMMARY, *CONTENT)
        with self.db.read() as tx:
            t = self._tables(tx)
            row = tx.fetchone(
                f"SELECT {', '.join(cols)} FROM {t['notes']} "
                "WHERE note_id = %s AND practice_id = %s",
                (note_id, practice_id),
            )
            if row is None:
                return None
            sections = tx.fetchall(
                f"SELECT person_id, content FROM {t['note_sections']} WHERE note_id = %s",
                (note_id,),
            )
        unseal = self.db.sealer.unseal
        note = dict(zip(cols, row, strict=True))
        note["psychotherapy"] = bool(note["psychotherapy"])
        note["participants"] = json.loads(note["participants"])
        note["fields"] = json.loads(note["fields"])
        for col in ("content", "reviews", "addenda"):
            note[col] = json.loads(unseal(note[col]))
        note["sections"] = {
            person: json.loads(unseal(content))
            for person, content in sections
            if visible_participants is None or person in visible_participants
        }
        if visible_participants is not None:
            note["participants"] = [p for p in note["participants"] if p in visible_participants]
        return note

    def notes_of_case(self, practice_id: str, case_id: str) -> list[dict[str, Any]]:
        with self.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT {', '.join(SUMMARY)} FROM {self._tables(tx)['notes']} "
                "WHERE practice_id = %s AND case_id = %s ORDER BY started_at DESC, note_id",
                (practice_id, case_id),
            )
        return [dict(zip(SUMMARY, r, strict=True)) for r in rows]

    def notes_of_appointment(self, practice_id: str, appointment_id: str) -> list[dict[str, Any]]:
        with self.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT {', '.join(SUMMARY)} FROM {self._tables(tx)['notes']} "
                "WHERE practice_id = %s AND appointment_id = %s ORDER BY started_at, note_id",
                (practice_id, appointment_id),
            )
        return [dict(zip(SUMMARY, r, strict=True)) for r in rows]

    def review_queue(self, practice_id: str, reviewer_id: str) -> list[dict[str, Any]]:
        """Notes waiting for this supervisor, oldest submission first."""
        with self.db.read() as tx:
            rows = tx.fetchall(
                f"SELECT {', '.join(SUMMARY)} FROM {self._tables(tx)['notes']} "
                "WHERE practice_id = %s AND reviewer_id = %s AND status = 'submitted' "
                "ORDER BY submitted_at, note_id",
                (practice_id, reviewer_id),
            )
        return [dict(zip(SUMMARY, r, strict=True)) for r in rows]

    def clinical_record(self, practice_id: str, case_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT diagnoses, treatment_plan, updated_at, version "
                f"FROM {self._tables(tx)['clinical_records']} "
                "WHERE practice_id = %s AND case_id = %s",
                (practice_id, case_id),
            )
        if row is None:
            return None
        unseal = self.db.sealer.unseal
        return {
            "case_id": case_id,
            "diagnoses": json.loads(unseal(row[0])),
            "treatment_plan": json.loads(unseal(row[1])) if row[1] else None,
            "updated_at": row[2],
            "version": row[3],
        }
