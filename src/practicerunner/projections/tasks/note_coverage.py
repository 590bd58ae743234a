"""Which completed sessions still lack a signed note: the read model the missing-note check
asks "what is due now", instead of a days-long delayed message per session."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.tasks.sources import missing_notes
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class NoteCoverage(Projection):
    name = "note_coverage"
    version = 1
    upstreams = ("scheduling", "clinical")
    handles = (
        Appointment.Booked,
        Appointment.Completed,
        ClinicalNote.Signed,
        ClinicalNote.CoSigned,
    )
    tables = (
        Table(
            "completed_sessions",
            {
                "appointment_id": "TEXT",
                "practice_id": "TEXT",
                "completed_at": "TEXT",
                "note_signed": "INTEGER NOT NULL",
                "task_id": "TEXT NOT NULL",
            },
            key=("appointment_id",),
            indexes=(("note_signed", "completed_at", "practice_id"),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, Appointment.Booked | Appointment.Completed):
            appointment_id = str(event.originator_id)
        elif event.appointment_id:
            appointment_id = event.appointment_id
        else:
            return  # a note about the case, not a session
        key = {"appointment_id": appointment_id}
        row = batch.get("completed_sessions", key) or {
            "practice_id": None,
            "completed_at": None,
            "note_signed": 0,
            "task_id": str(missing_notes.SOURCE.task_id(appointment_id)),
        }
        if isinstance(event, Appointment.Booked):
            row["practice_id"] = event.practice_id
        elif isinstance(event, Appointment.Completed):
            row["completed_at"] = event.timestamp.isoformat()
        else:
            row["note_signed"] = 1  # signed before completion still covers the session
        row.pop("appointment_id", None)
        batch.upsert("completed_sessions", key, **row)
