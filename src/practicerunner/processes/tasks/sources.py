"""The tasks context's own automatic sources, plugged in: for each, the events that may
change its tasks and how the current facts of one subject are read. Billing declares its
sources the same way in its own context."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from practicerunner.domain.clients.people import HelperRole, Person
from practicerunner.domain.clinical.notes import ClinicalNote, session_note_id
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.scheduling.appointments import Appointment, AppointmentStatus
from practicerunner.domain.tasks.sources import missing_notes, representatives, supervision_reviews
from practicerunner.domain.tasks.tasks import Assignee
from practicerunner.processes.tasks.automatic import Assessed, TaskSourcePlugin

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services


def _get(app: Any, aggregate_id: str | UUID, cls: type) -> Any:
    try:
        found = app.repository.get(UUID(str(aggregate_id)))
    except (AggregateNotFoundError, ValueError):
        return None
    return found if isinstance(found, cls) else None


def missing_note_after_hours(practice: Practice) -> int:
    documents = practice.settings.get("documents_forms", {})
    return int(documents.get("missing_note_after_hours", missing_notes.DEFAULT_AFTER_HOURS))


def completed_at(runtime: Services, appointment_id: UUID) -> datetime | None:
    for event in runtime.stores.scheduling.events.get(appointment_id):
        if isinstance(event, Appointment.Completed):
            return event.timestamp
    return None


def assess_missing_note(runtime: Services, subject: str, now: datetime) -> Assessed | None:
    appointment = _get(runtime.stores.scheduling, subject, Appointment)
    if appointment is None:
        return None
    practice = _get(runtime.stores.practice, appointment.practice_id, Practice)
    note = _get(runtime.stores["clinical"], session_note_id(appointment.id), ClinicalNote)
    done = appointment.status == AppointmentStatus.COMPLETED
    facts = missing_notes.SessionFacts(
        appointment_id=subject,
        case_id=appointment.case_id,
        provider_id=appointment.provider_id,
        completed_at=completed_at(runtime, appointment.id) if done else None,
        note_signed=note is not None and note.is_locked,
    )
    after = missing_note_after_hours(practice)
    return Assessed(appointment.practice_id, missing_notes.assess(facts, now, after))


def _signed_session(event: Any) -> Iterable[str]:
    return [event.appointment_id] if getattr(event, "appointment_id", None) else []


MISSING_NOTES = TaskSourcePlugin(
    missing_notes.SOURCE,
    {ClinicalNote.Signed: _signed_session, ClinicalNote.CoSigned: _signed_session},
    assess_missing_note,
)


def assess_review(runtime: Services, subject: str, now: datetime) -> Assessed | None:
    note_id, _, submission = subject.rpartition(":")
    note = _get(runtime.stores["clinical"], note_id, ClinicalNote)
    if note is None:
        return None
    facts = supervision_reviews.NoteFacts(
        note_id=note_id,
        case_id=note.case_id,
        status=note.status.value,
        submission=note.submission,
        reviewer_id=note.reviewer_id,
        submitted_at=note.submitted_at,
    )
    return Assessed(note.practice_id, supervision_reviews.assess(facts, int(submission)))


def _submission(event: Any) -> Iterable[str]:
    return [supervision_reviews.subject_key(str(event.originator_id), event.submission)]


SUPERVISION_REVIEWS = TaskSourcePlugin(
    supervision_reviews.SOURCE,
    {
        ClinicalNote.SubmittedForReview: _submission,
        ClinicalNote.ReviewerChanged: _submission,
        ClinicalNote.ReturnedForChanges: _submission,
        ClinicalNote.CoSigned: _submission,
    },
    assess_review,
)


def verifier_in(practice: Practice) -> Assignee:
    """Coordinators verify representatives; a practice without one leaves it to the owner."""
    if Role.COORDINATOR.value in practice.roster.values():
        return Assignee.role(Role.COORDINATOR.value)
    return Assignee.staff(practice.owner_id)


def assess_representative(runtime: Services, subject: str, now: datetime) -> Assessed | None:
    person_id, _, helper_id = subject.partition(":")
    person = _get(runtime.stores.scheduling, person_id, Person)
    if person is None:
        return None
    practice = _get(runtime.stores.practice, person.practice_id, Practice)
    facts = representatives.RepresentativeFacts(
        person_id=person_id,
        helper_id=helper_id,
        is_representative=helper_id in person.helpers_with(HelperRole.REPRESENTATIVE),
        verified=helper_id in person.verified_representatives,
        verifier=verifier_in(practice),
    )
    return Assessed(person.practice_id, representatives.assess(facts))


def _representative(event: Any) -> Iterable[str]:
    role = getattr(event, "role", HelperRole.REPRESENTATIVE.value)
    if role != HelperRole.REPRESENTATIVE.value:
        return []
    return [representatives.subject_key(str(event.originator_id), event.helper_id)]


REPRESENTATIVES = TaskSourcePlugin(
    representatives.SOURCE,
    {
        Person.HelperAdded: _representative,
        Person.HelperRemoved: _representative,
        Person.RepresentativeVerified: _representative,
    },
    assess_representative,
)

TASK_SOURCES = (MISSING_NOTES, SUPERVISION_REVIEWS, REPRESENTATIVES)
