"""The note-review process manager: when a supervisor changes (on an appointment, a case, or
an associate's default), every note waiting for review that the change touches moves to
whoever supervises it now. The review task follows the note (``supervision_reviews``), so
there is still exactly one open review task per submitted note version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.commands.clinical.notes import NoteCommand, follow_supervisor
from practicerunner.domain.base import Actor
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

FOLLOW_SUPERVISOR = "follow_note_supervisor"
SERVICE = Actor.service("note-review")


def _job(column: str, event: Any) -> Iterable[Job]:
    yield Job(
        actor=FOLLOW_SUPERVISOR,
        key=f"{column}:{event.originator_id}:{event.originator_version}",
        payload={"column": column, "id": str(event.originator_id)},
    )


def when_appointment_supervisor_changes_move_its_reviews(event: Any) -> Iterable[Job]:
    return _job("appointment_id", event)


def when_case_supervisor_changes_move_its_reviews(event: Any) -> Iterable[Job]:
    return _job("case_id", event)


def when_default_supervisor_changes_move_the_associates_reviews(event: Any) -> Iterable[Job]:
    return _job("author_id", event)


DECIDERS = (
    (Appointment.SupervisorChanged, when_appointment_supervisor_changes_move_its_reviews),
    (Case.SupervisorAssigned, when_case_supervisor_changes_move_its_reviews),
    (StaffMember.DefaultSupervisorSet, when_default_supervisor_changes_move_the_associates_reviews),
)


def follow_note_supervisor(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    column = job.payload["column"]
    assert column in ("appointment_id", "case_id", "author_id")
    with runtime.db.read() as tx:
        notes = runtime.engine.tables(tx, "clinical_notes")["notes"]
        waiting = tx.fetchall(
            f"SELECT note_id, practice_id FROM {notes} WHERE {column} = %s "
            "AND status = 'submitted'",
            (job.payload["id"],),
        )
    moved = 0
    for note_id, practice_id in waiting:
        ctx = runtime.context(SERVICE, UUID(practice_id))
        before = follow_supervisor(NoteCommand(note_id=UUID(note_id)), ctx)
        moved += int(bool(before.position and not before.position.endswith(":0")))
    return f"moved:{moved}"
