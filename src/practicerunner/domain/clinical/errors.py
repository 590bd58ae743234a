"""Refusals of the clinical context, each with a stable code (the problem ``type``)."""

from __future__ import annotations

from practicerunner.domain.errors import Conflict, Forbidden, RuleViolation


class NoteLocked(Conflict):
    """A signed note is the legal record: it changes only through dated addenda."""

    code = "note-locked"
    title = "The note is signed and locked"


class NoteUnderReview(Conflict):
    code = "note-under-review"
    title = "The note is waiting for its supervisor"


class NoteNotUnderReview(Conflict):
    code = "note-not-under-review"
    title = "The note is not waiting for review"


class ReviewRequired(RuleViolation):
    """Supervised work is signed by the supervisor's co-signature, not by the author alone."""

    code = "review-required"
    title = "This note needs its supervisor's co-signature"


class NotTheReviewer(Forbidden):
    code = "not-the-reviewer"
    title = "Only the note's supervisor reviews it"


class NotTheAuthor(Forbidden):
    code = "not-the-author"
    title = "Only the note's author writes it"


class NotPsychotherapy(RuleViolation):
    """Consultation and workshop cases have no diagnoses, treatment plans or therapy fields."""

    code = "not-psychotherapy"
    title = "This case is not psychotherapy"


class UnknownNoteField(RuleViolation):
    code = "unknown-note-field"
    title = "The note's template has no such field"
