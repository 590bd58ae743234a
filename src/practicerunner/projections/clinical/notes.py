"""Clinical notes as read by the note editor, a case's clinical tab and the review queue.

Note content, group sections, review comments and addenda are clinical data: every one of
those columns is sealed (with a cipher key, no note text is in plaintext in the read store).
A group note's sections sit in their own rows so a query returns only the sections of
participants the reader may see. Template fields (labels, not answers) are plain JSON."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.clinical.records import ClinicalRecord
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


class ClinicalNotes(Projection):
    name = "clinical_notes"
    version = 1
    upstreams = ("clinical",)
    handles = (
        ClinicalNote.Started,
        ClinicalNote.DraftSaved,
        ClinicalNote.SubmittedForReview,
        ClinicalNote.ReviewerChanged,
        ClinicalNote.ReturnedForChanges,
        ClinicalNote.CoSigned,
        ClinicalNote.Signed,
        ClinicalNote.AddendumAdded,
        ClinicalRecord.Opened,
        ClinicalRecord.DiagnosisAdded,
        ClinicalRecord.DiagnosisEnded,
        ClinicalRecord.TreatmentPlanSet,
    )
    tables = (
        Table(
            "notes",
            {
                "note_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "case_id": "TEXT NOT NULL",
                "appointment_id": "TEXT",
                "kind": "TEXT NOT NULL",
                "author_id": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "submission": "INTEGER NOT NULL",
                "reviewer_id": "TEXT",
                "submitted_at": "TEXT",
                "signed_by": "TEXT",
                "cosigned_by": "TEXT",
                "signed_at": "TEXT",
                "psychotherapy": "INTEGER NOT NULL",
                "participants": "TEXT NOT NULL",
                "fields": "TEXT NOT NULL",
                "content": "TEXT NOT NULL",
                "reviews": "TEXT NOT NULL",
                "addenda": "TEXT NOT NULL",
                "started_at": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("note_id",),
            sealed=("content", "reviews", "addenda"),
            indexes=(
                ("practice_id", "case_id", "started_at"),
                ("practice_id", "appointment_id"),
                ("practice_id", "reviewer_id", "status"),
                ("practice_id", "author_id", "status"),
            ),
        ),
        Table(
            "note_sections",
            {"note_id": "TEXT", "person_id": "TEXT", "content": "TEXT NOT NULL"},
            key=("note_id", "person_id"),
            sealed=("content",),
        ),
        Table(
            "clinical_records_by_id",
            {"record_id": "TEXT", "case_id": "TEXT NOT NULL"},
            key=("record_id",),
        ),
        Table(
            "clinical_records",
            {
                "case_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "diagnoses": "TEXT NOT NULL",
                "treatment_plan": "TEXT",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("case_id",),
            sealed=("diagnoses", "treatment_plan"),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, ClinicalRecord.Event):
            self._record(batch, event)
            return
        key = {"note_id": str(event.originator_id)}
        at = event.timestamp.isoformat()
        common = {"updated_at": at, "version": event.originator_version}
        if isinstance(event, ClinicalNote.Started):
            batch.upsert(
                "notes",
                key,
                practice_id=event.practice_id,
                case_id=event.case_id,
                appointment_id=event.appointment_id,
                kind=event.kind,
                author_id=event.author_id,
                status="draft",
                submission=0,
                reviewer_id=None,
                submitted_at=None,
                signed_by=None,
                cosigned_by=None,
                signed_at=None,
                psychotherapy=int(event.psychotherapy),
                participants=_json(event.participants),
                fields=_json(event.fields),
                content="{}",
                reviews="[]",
                addenda="[]",
                started_at=at,
                **common,
            )
            return
        row = batch.get("notes", key)
        if row is None:  # pragma: no cover - Started always comes first
            return
        changes: dict[str, Any] = {}
        if isinstance(event, ClinicalNote.DraftSaved):
            changes["content"] = _json(event.content)
            participants = json.loads(row["participants"])
            for person_id in participants:
                section_key = {**key, "person_id": person_id}
                if person_id in event.sections:
                    batch.upsert(
                        "note_sections",
                        section_key,
                        content=_json(event.sections[person_id]),
                    )
                else:
                    batch.delete("note_sections", section_key)
        elif isinstance(event, ClinicalNote.SubmittedForReview):
            changes.update(
                status="submitted",
                submission=event.submission,
                reviewer_id=event.reviewer_id,
                submitted_at=at,
            )
        elif isinstance(event, ClinicalNote.ReviewerChanged):
            changes["reviewer_id"] = event.reviewer_id
        elif isinstance(event, ClinicalNote.ReturnedForChanges | ClinicalNote.CoSigned):
            reviews = json.loads(row["reviews"])
            returned = isinstance(event, ClinicalNote.ReturnedForChanges)
            reviews.append(
                {
                    "submission": event.submission,
                    "reviewer_id": event.reviewer_id,
                    "outcome": "returned" if returned else "co-signed",
                    "comments": (
                        event.comments
                        if isinstance(event, ClinicalNote.ReturnedForChanges)
                        else None
                    ),
                    "at": at,
                }
            )
            changes["reviews"] = _json(reviews)
            if isinstance(event, ClinicalNote.ReturnedForChanges):
                changes["status"] = "draft"
            else:
                changes.update(
                    status="signed",
                    signed_by=event.author_id,
                    cosigned_by=event.reviewer_id,
                    signed_at=at,
                )
        elif isinstance(event, ClinicalNote.Signed):
            changes.update(status="signed", signed_by=event.author_id, signed_at=at)
        elif isinstance(event, ClinicalNote.AddendumAdded):
            addenda = json.loads(row["addenda"])
            addenda.append({"text": event.text, "added_by": event.added_by, "at": at})
            changes["addenda"] = _json(addenda)
        batch.update("notes", key, **changes, **common)

    @staticmethod
    def _record(batch: Batch, event: Any) -> None:
        key = {"case_id": event.case_id} if isinstance(event, ClinicalRecord.Opened) else None
        common = {"updated_at": event.timestamp.isoformat(), "version": event.originator_version}
        if key is not None:
            batch.upsert(
                "clinical_records",
                key,
                practice_id=event.practice_id,
                diagnoses="[]",
                treatment_plan=None,
                **common,
            )
            batch.upsert(
                "clinical_records_by_id",
                {"record_id": str(event.originator_id)},
                case_id=event.case_id,
            )
            return
        link = batch.get("clinical_records_by_id", {"record_id": str(event.originator_id)})
        if link is None:  # pragma: no cover
            return
        key = {"case_id": link["case_id"]}
        row = batch.get("clinical_records", key)
        assert row is not None
        if isinstance(event, ClinicalRecord.TreatmentPlanSet):
            plan = {
                "goals": event.goals,
                "review_on": event.review_on,
                "set_at": event.timestamp.isoformat(),
            }
            batch.update("clinical_records", key, treatment_plan=_json(plan), **common)
            return
        diagnoses = json.loads(row["diagnoses"])
        if isinstance(event, ClinicalRecord.DiagnosisAdded):
            diagnoses.append(
                {
                    "diagnosis_id": event.diagnosis_id,
                    "person_id": event.person_id,
                    "code": event.code,
                    "started_on": event.started_on,
                    "ended_on": None,
                }
            )
        else:
            for d in diagnoses:
                if d["diagnosis_id"] == event.diagnosis_id:
                    d["ended_on"] = event.ended_on
        batch.update("clinical_records", key, diagnoses=_json(diagnoses), **common)
