"""A completed session whose note is not signed some time after completion (the practice's
setting, 48 hours by default) opens a task for its clinician; signing the note resolves it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, NotWanted, Wanted
from practicerunner.domain.tasks.tasks import Assignee, Priority, Subject

SOURCE = AutomaticSource("missing_note", "missing_note")
DEFAULT_AFTER_HOURS = 48


@dataclass(frozen=True)
class SessionFacts:
    appointment_id: str
    case_id: str
    provider_id: str
    completed_at: datetime | None  # None: not (or no longer) a completed session
    note_signed: bool


def subject_key(appointment_id: str) -> str:
    return appointment_id


def note_due_at(completed_at: datetime, after_hours: int) -> datetime:
    return completed_at + timedelta(hours=after_hours)


def assess(facts: SessionFacts, now: datetime, after_hours: int) -> Assessment:
    if facts.completed_at is None:
        return NotWanted("The session is not a completed one.")
    if facts.note_signed:
        return NotWanted("The note is signed.")
    due = note_due_at(facts.completed_at, after_hours)
    if now < due:
        return NotWanted("The note is not due yet.")
    return Wanted(
        title="Write and sign the note for a completed session",
        assignee=Assignee.staff(facts.provider_id),
        subject=Subject("appointment", facts.appointment_id, case_id=facts.case_id),
        due_at=due,
        priority=Priority.HIGH,
    )
