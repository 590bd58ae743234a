"""Each submission of a note for review is one task for the note's supervisor: it moves
when the supervisor changes and resolves when the note is co-signed or returned. A note
submitted again after a return is a new submission, hence a new task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from practicerunner.domain.tasks.automatic import Assessment, AutomaticSource, NotWanted, Wanted
from practicerunner.domain.tasks.tasks import Assignee, Subject

SOURCE = AutomaticSource("supervision_review", "supervision_review")
REVIEW_WITHIN = timedelta(days=2)


@dataclass(frozen=True)
class NoteFacts:
    note_id: str
    case_id: str
    status: str  # draft, submitted, signed
    submission: int
    reviewer_id: str | None
    submitted_at: datetime | None


def subject_key(note_id: str, submission: int) -> str:
    return f"{note_id}:{submission}"


def assess(facts: NoteFacts, submission: int) -> Assessment:
    if facts.submission != submission or facts.status != "submitted":
        if facts.status == "signed" and facts.submission == submission:
            return NotWanted("The note is co-signed.")
        return NotWanted("The note came back to its author.")
    assert facts.reviewer_id is not None
    return Wanted(
        title="Review and co-sign a submitted note",
        assignee=Assignee.staff(facts.reviewer_id),
        subject=Subject("note", facts.note_id, case_id=facts.case_id),
        due_at=facts.submitted_at + REVIEW_WITHIN if facts.submitted_at else None,
    )
