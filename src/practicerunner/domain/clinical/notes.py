"""A clinical note: started for an appointment (or a case), written as an autosaved draft,
then either signed by its author or, for supervised work, submitted for review and co-signed
(or returned with comments) by the supervisor. A signed note is locked: later changes are
dated addenda. Group notes hold one section per participant; who may read which section is
decided where the note is read, since it depends on the reader."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.clinical.errors import (
    NoteLocked,
    NoteNotUnderReview,
    NoteUnderReview,
    NotTheAuthor,
    NotTheReviewer,
    ReviewRequired,
)
from practicerunner.domain.clinical.templates import (
    MAX_VALUE_LENGTH,
    NoteKind,
    TemplateField,
    values_must_match,
)
from practicerunner.domain.errors import InvalidValue, RuleViolation


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # waiting for the supervisor
    SIGNED = "signed"  # locked


def session_note_id(appointment_id: UUID | str) -> UUID:
    """One session note per appointment: two people starting it at once get one note."""
    return natural_id("session-note", appointment_id)


class ClinicalNote(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        case_id: str,
        appointment_id: str | None,
        kind: str,
        author_id: str,
        fields: list[dict[str, Any]],
        participants: list[str],
        psychotherapy: bool,
    ) -> None:
        self.practice_id = practice_id
        self.case_id = case_id
        self.appointment_id = appointment_id
        self.kind = NoteKind(kind)
        self.author_id = author_id
        self.fields = fields
        self.participants = participants
        self.psychotherapy = psychotherapy
        self.content: dict[str, str] = {}
        self.sections: dict[str, dict[str, str]] = {}
        self.status = NoteStatus.DRAFT
        self.submission = 0  # which submission for review this is (1, 2, ...)
        self.reviewer_id: str | None = None
        self.submitted_at: datetime | None = None
        self.reviews: list[dict[str, Any]] = []  # returns with comments, and the co-signature
        self.signed_by: str | None = None
        self.signed_at: datetime | None = None
        self.cosigned_by: str | None = None
        self.addenda: list[dict[str, Any]] = []

    @property
    def template_fields(self) -> tuple[TemplateField, ...]:
        return tuple(TemplateField.from_dict(f) for f in self.fields)

    @property
    def is_locked(self) -> bool:
        return self.status == NoteStatus.SIGNED

    # -- events ---------------------------------------------------------------------------

    class Started(PracticeAggregate.Created):
        practice_id: str
        case_id: str
        appointment_id: str | None
        kind: str
        author_id: str
        fields: list[dict[str, Any]]
        participants: list[str]
        psychotherapy: bool

    class DraftSaved(PracticeAggregate.Event):
        content: dict[str, str]
        sections: dict[str, dict[str, str]]

        def apply(self, note: ClinicalNote) -> None:
            note.content, note.sections = self.content, self.sections

    class SubmittedForReview(PracticeAggregate.Event):
        submission: int
        reviewer_id: str
        author_id: str

        def apply(self, note: ClinicalNote) -> None:
            note.status = NoteStatus.SUBMITTED
            note.submission = self.submission
            note.reviewer_id = self.reviewer_id
            note.submitted_at = self.timestamp

    class ReviewerChanged(PracticeAggregate.Event):
        submission: int
        reviewer_id: str

        def apply(self, note: ClinicalNote) -> None:
            note.reviewer_id = self.reviewer_id

    class ReturnedForChanges(PracticeAggregate.Event):
        submission: int
        reviewer_id: str
        comments: str

        def apply(self, note: ClinicalNote) -> None:
            note.status = NoteStatus.DRAFT
            note.reviews.append(
                {
                    "submission": self.submission,
                    "reviewer_id": self.reviewer_id,
                    "outcome": "returned",
                    "comments": self.comments,
                    "at": self.timestamp.isoformat(),
                }
            )

    class CoSigned(PracticeAggregate.Event):
        submission: int
        reviewer_id: str
        author_id: str
        appointment_id: str | None

        def apply(self, note: ClinicalNote) -> None:
            note.status = NoteStatus.SIGNED
            note.signed_by = self.author_id
            note.cosigned_by = self.reviewer_id
            note.signed_at = self.timestamp
            note.reviews.append(
                {
                    "submission": self.submission,
                    "reviewer_id": self.reviewer_id,
                    "outcome": "co-signed",
                    "comments": None,
                    "at": self.timestamp.isoformat(),
                }
            )

    class Signed(PracticeAggregate.Event):
        author_id: str
        appointment_id: str | None

        def apply(self, note: ClinicalNote) -> None:
            note.status = NoteStatus.SIGNED
            note.signed_by = self.author_id
            note.signed_at = self.timestamp

    class AddendumAdded(PracticeAggregate.Event):
        text: str
        added_by: str

        def apply(self, note: ClinicalNote) -> None:
            note.addenda.append(
                {"text": self.text, "added_by": self.added_by, "at": self.timestamp.isoformat()}
            )

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        *,
        id: UUID,
        practice_id: str,
        case_id: str,
        appointment_id: str | None,
        kind: NoteKind,
        fields: tuple[TemplateField, ...],
        participants: list[str],
        psychotherapy: bool,
        by: Actor,
        at: datetime | None,
    ) -> ClinicalNote:
        kind = NoteKind(kind)
        if kind.is_session_note and appointment_id is None:
            raise InvalidValue(
                f"A {kind.value} note documents an appointment.", field="appointment_id"
            )
        if kind == NoteKind.GROUP and not participants:
            raise RuleViolation("A group note needs the session's participants.")
        if any(f.psychotherapy_only for f in fields) and not psychotherapy:
            raise RuleViolation("Psychotherapy fields are not on a consultation case's note.")
        return cls._start(
            cls.Started,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            case_id=case_id,
            appointment_id=appointment_id,
            kind=kind.value,
            author_id=by.id,
            fields=[f.as_dict() for f in fields],
            participants=list(participants),
            psychotherapy=psychotherapy,
        )

    def _must_be_author(self, by: Actor) -> None:
        if by.id != self.author_id:
            raise NotTheAuthor("Only the note's author writes, submits or signs it.")

    def _must_be_draft(self) -> None:
        if self.status == NoteStatus.SIGNED:
            raise NoteLocked("This note is signed; add an addendum instead.")
        if self.status == NoteStatus.SUBMITTED:
            raise NoteUnderReview(
                "This note is with its supervisor; wait for a co-signature "
                "or for it to come back with comments."
            )

    def save_draft(
        self,
        content: dict[str, str],
        sections: dict[str, dict[str, str]] | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        """Replaces the draft (autosave sends it whole); saving the same draft records nothing."""
        self._must_be_author(by)
        self._must_be_draft()
        fields = self.template_fields
        clean = values_must_match(fields, content, per_participant=False)
        clean_sections: dict[str, dict[str, str]] = {}
        for person_id, values in (sections or {}).items():
            if person_id not in self.participants:
                raise RuleViolation(
                    "That person is not a participant of this session.", field="sections"
                )
            section = values_must_match(fields, values, per_participant=True)
            if section:
                clean_sections[person_id] = section
        if clean != self.content or clean_sections != self.sections:
            self._happen(self.DraftSaved, by, at, content=clean, sections=clean_sections)

    def missing_required(self) -> list[str]:
        return [
            f.key
            for f in self.template_fields
            if f.required and not f.per_participant and f.key not in self.content
        ]

    def _must_be_complete(self) -> None:
        missing = self.missing_required()
        if missing:
            raise RuleViolation(
                f"Fill in the required fields first: {', '.join(missing)}.",
                reason="note-incomplete",
                fields=",".join(missing),
            )

    def sign(self, by: Actor, at: datetime | None, *, supervisor_id: str | None) -> None:
        """The author signs unsupervised work; supervised work goes to review instead."""
        self._must_be_author(by)
        self._must_be_draft()
        if supervisor_id is not None:
            raise ReviewRequired("Submit this note for review: its supervisor co-signs it.")
        self._must_be_complete()
        self._happen(
            self.Signed, by, at, author_id=self.author_id, appointment_id=self.appointment_id
        )

    def submit_for_review(self, supervisor_id: str | None, by: Actor, at: datetime | None) -> None:
        self._must_be_author(by)
        self._must_be_draft()
        if supervisor_id is None:
            raise RuleViolation(
                "This work has no supervisor; sign the note instead.", reason="no-supervisor"
            )
        if supervisor_id == self.author_id:
            raise RuleViolation("Nobody reviews their own note.", reason="self-supervision")
        self._must_be_complete()
        self._happen(
            self.SubmittedForReview,
            by,
            at,
            submission=self.submission + 1,
            reviewer_id=supervisor_id,
            author_id=self.author_id,
        )

    def change_reviewer(self, supervisor_id: str, by: Actor, at: datetime | None) -> None:
        """The supervisor changed while the note waits: the review moves to the new one."""
        if self.status != NoteStatus.SUBMITTED:
            raise NoteNotUnderReview("Only a note waiting for review changes reviewer.")
        if supervisor_id == self.author_id:
            raise RuleViolation("Nobody reviews their own note.", reason="self-supervision")
        if supervisor_id != self.reviewer_id:
            self._happen(
                self.ReviewerChanged, by, at, submission=self.submission, reviewer_id=supervisor_id
            )

    def _must_be_reviewer(self, by: Actor) -> None:
        if self.status != NoteStatus.SUBMITTED:
            raise NoteNotUnderReview("This note is not waiting for review.")
        if by.id != self.reviewer_id:
            raise NotTheReviewer("Only the note's supervisor co-signs or returns it.")

    def co_sign(self, by: Actor, at: datetime | None) -> None:
        self._must_be_reviewer(by)
        self._happen(
            self.CoSigned,
            by,
            at,
            submission=self.submission,
            reviewer_id=by.id,
            author_id=self.author_id,
            appointment_id=self.appointment_id,
        )

    def return_for_changes(self, comments: str, by: Actor, at: datetime | None) -> None:
        self._must_be_reviewer(by)
        comments = (comments or "").strip()
        if not comments:
            raise InvalidValue("Say what should change.", field="comments")
        if len(comments) > MAX_VALUE_LENGTH:
            raise InvalidValue("The comments are too long.", field="comments")
        self._happen(
            self.ReturnedForChanges,
            by,
            at,
            submission=self.submission,
            reviewer_id=by.id,
            comments=comments,
        )

    def add_addendum(self, text: str, by: Actor, at: datetime | None) -> None:
        """A dated addition to a signed note, by its author or its co-signer."""
        if self.status != NoteStatus.SIGNED:
            raise RuleViolation(
                "Addenda are for signed notes; edit the draft instead.", reason="note-not-signed"
            )
        if by.id not in (self.author_id, self.cosigned_by):
            raise NotTheAuthor("Only the note's author or co-signer adds an addendum.")
        text = (text or "").strip()
        if not text:
            raise InvalidValue("An addendum needs its text.", field="text")
        if len(text) > MAX_VALUE_LENGTH:
            raise InvalidValue("The addendum is too long.", field="text")
        self._happen(self.AddendumAdded, by, at, text=text, added_by=by.id)
