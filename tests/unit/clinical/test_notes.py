"""Clinical notes as specifications: with this history, doing this records these facts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from practicerunner.domain.base import Actor
from practicerunner.domain.clinical.errors import (
    NoteLocked,
    NoteNotUnderReview,
    NoteUnderReview,
    NotTheAuthor,
    NotTheReviewer,
    ReviewRequired,
    UnknownNoteField,
)
from practicerunner.domain.clinical.notes import ClinicalNote, NoteStatus, session_note_id
from practicerunner.domain.clinical.templates import NoteKind, fields_for
from practicerunner.domain.errors import InvalidValue, RuleViolation
from tests.support.specs import given, history, names, when

ASSOCIATE = Actor("associate-1")
OWNER = Actor("owner-1")
OTHER = Actor("provider-2")
AT = datetime(2026, 3, 2, 15, tzinfo=UTC)
COMPLETE = {"subjective": "Reports better sleep.", "assessment": "Improving.", "plan": "Continue."}


def started(
    kind: NoteKind = NoteKind.PROGRESS,
    psychotherapy: bool = True,
    participants: list[str] | None = None,
) -> list:
    appointment_id = str(uuid.uuid4())
    note = ClinicalNote.start(
        id=session_note_id(appointment_id),
        practice_id="p",
        case_id="c",
        appointment_id=appointment_id,
        kind=kind,
        fields=fields_for(kind, psychotherapy),
        participants=participants or ["person-a"],
        psychotherapy=psychotherapy,
        by=ASSOCIATE,
        at=AT,
    )
    return history(note)


def drafted(content: dict[str, str] = COMPLETE) -> list:
    events = started()
    note = given(events)
    return events + when(note, lambda n: n.save_draft(content, None, ASSOCIATE, AT))


def submitted() -> list:
    events = drafted()
    return events + when(given(events), lambda n: n.submit_for_review("owner-1", ASSOCIATE, AT))


def test_a_session_has_one_note_whoever_starts_it() -> None:
    appointment_id = str(uuid.uuid4())
    assert session_note_id(appointment_id) == session_note_id(appointment_id)
    with pytest.raises(InvalidValue):
        ClinicalNote.start(
            id=uuid.uuid4(),
            practice_id="p",
            case_id="c",
            appointment_id=None,
            kind=NoteKind.PROGRESS,
            fields=fields_for(NoteKind.PROGRESS, True),
            participants=[],
            psychotherapy=True,
            by=ASSOCIATE,
            at=AT,
        )


def test_autosave_records_the_draft_once_and_nothing_when_unchanged() -> None:
    note = given(started())
    assert names(when(note, lambda n: n.save_draft(COMPLETE, None, ASSOCIATE, AT))) == [
        "DraftSaved"
    ]
    assert when(note, lambda n: n.save_draft(dict(COMPLETE), None, ASSOCIATE, AT)) == []
    assert note.content == COMPLETE


def test_a_draft_refuses_fields_its_template_does_not_have_and_other_writers() -> None:
    note = given(started())
    with pytest.raises(UnknownNoteField):
        note.save_draft({"favourite_colour": "blue"}, None, ASSOCIATE, AT)
    with pytest.raises(NotTheAuthor):
        note.save_draft(COMPLETE, None, OTHER, AT)
    with pytest.raises(InvalidValue):
        note.save_draft({"subjective": "bell\x07"}, None, ASSOCIATE, AT)
    assert history(note) == []


def test_consultation_notes_have_no_psychotherapy_fields() -> None:
    keys = {f.key for f in fields_for(NoteKind.CONSULTATION, psychotherapy=False)}
    assert "mental_status" not in keys and "risk_assessment" not in keys
    intake = {f.key for f in fields_for(NoteKind.INTAKE, psychotherapy=False)}
    assert not intake & {"mental_status", "risk_assessment", "clinical_impression"}
    note = given(started(NoteKind.INTAKE, psychotherapy=False))
    with pytest.raises(UnknownNoteField):
        note.save_draft({"mental_status": "alert"}, None, ASSOCIATE, AT)
    with pytest.raises(RuleViolation):
        ClinicalNote.start(
            id=uuid.uuid4(),
            practice_id="p",
            case_id="c",
            appointment_id="a",
            kind=NoteKind.PROGRESS,
            fields=fields_for(NoteKind.PROGRESS, True),
            participants=["x"],
            psychotherapy=False,
            by=ASSOCIATE,
            at=AT,
        )


def test_group_notes_keep_a_section_per_participant_of_the_session() -> None:
    note = given(started(NoteKind.GROUP, participants=["ann", "bob"]))
    events = when(
        note,
        lambda n: n.save_draft(
            {"theme": "Boundaries"}, {"ann": {"participation": "Active"}, "bob": {}}, ASSOCIATE, AT
        ),
    )
    assert events[0].sections == {"ann": {"participation": "Active"}}
    with pytest.raises(RuleViolation):
        note.save_draft({"theme": "x"}, {"carl": {"participation": "?"}}, ASSOCIATE, AT)
    with pytest.raises(UnknownNoteField):  # a per-participant field at the note's level
        note.save_draft({"participation": "all"}, None, ASSOCIATE, AT)


def test_unsupervised_author_signs_and_the_note_locks() -> None:
    note = given(drafted())
    assert names(when(note, lambda n: n.sign(ASSOCIATE, AT, supervisor_id=None))) == ["Signed"]
    assert note.status == NoteStatus.SIGNED and note.signed_by == ASSOCIATE.id
    with pytest.raises(NoteLocked):
        note.save_draft({"plan": "changed"}, None, ASSOCIATE, AT)
    later = AT + timedelta(days=3)
    events = when(note, lambda n: n.add_addendum("Client called to add context.", ASSOCIATE, later))
    assert names(events) == ["AddendumAdded"] and note.addenda[0]["at"] == later.isoformat()
    assert note.content == COMPLETE


def test_signing_needs_the_required_fields_and_supervised_work_needs_review() -> None:
    note = given(drafted({"subjective": "Only this."}))
    with pytest.raises(RuleViolation, match="assessment"):
        note.sign(ASSOCIATE, AT, supervisor_id=None)
    note = given(drafted())
    with pytest.raises(ReviewRequired):
        note.sign(ASSOCIATE, AT, supervisor_id="owner-1")
    with pytest.raises(RuleViolation):
        note.add_addendum("not yet", ASSOCIATE, AT)


def test_submitting_sends_it_to_the_supervisor_who_co_signs() -> None:
    note = given(drafted())
    events = when(note, lambda n: n.submit_for_review("owner-1", ASSOCIATE, AT))
    assert names(events) == ["SubmittedForReview"]
    assert (events[0].submission, events[0].reviewer_id) == (1, "owner-1")
    with pytest.raises(NoteUnderReview):
        note.save_draft({"plan": "edit"}, None, ASSOCIATE, AT)
    with pytest.raises(NotTheReviewer):
        note.co_sign(OTHER, AT)
    assert names(when(note, lambda n: n.co_sign(OWNER, AT))) == ["CoSigned"]
    assert (note.signed_by, note.cosigned_by, note.status) == (
        ASSOCIATE.id,
        OWNER.id,
        NoteStatus.SIGNED,
    )
    assert names(when(note, lambda n: n.add_addendum("Supervisor adds.", OWNER, AT))) == [
        "AddendumAdded"
    ]


def test_a_returned_note_goes_back_to_draft_and_its_next_submission_is_a_new_one() -> None:
    note = given(submitted())
    with pytest.raises(InvalidValue):
        note.return_for_changes("  ", OWNER, AT)
    assert names(when(note, lambda n: n.return_for_changes("Add risk.", OWNER, AT))) == [
        "ReturnedForChanges"
    ]
    assert note.status == NoteStatus.DRAFT and note.reviews[0]["comments"] == "Add risk."
    note.save_draft({**COMPLETE, "risk_assessment": "Low."}, None, ASSOCIATE, AT)
    events = when(note, lambda n: n.submit_for_review("owner-1", ASSOCIATE, AT))
    assert events[-1].submission == 2


def test_the_review_moves_when_the_supervisor_changes() -> None:
    note = given(submitted())
    assert names(when(note, lambda n: n.change_reviewer("provider-2", OWNER, AT))) == [
        "ReviewerChanged"
    ]
    assert when(note, lambda n: n.change_reviewer("provider-2", OWNER, AT)) == []
    with pytest.raises(NotTheReviewer):
        note.co_sign(OWNER, AT)
    note.co_sign(OTHER, AT)
    with pytest.raises(NoteNotUnderReview):
        note.change_reviewer("owner-1", OWNER, AT)


def test_nobody_reviews_their_own_note() -> None:
    note = given(drafted())
    with pytest.raises(RuleViolation):
        note.submit_for_review(ASSOCIATE.id, ASSOCIATE, AT)
    with pytest.raises(RuleViolation):
        note.submit_for_review(None, ASSOCIATE, AT)
