"""The clinical context: notes and their review, note templates, therapy cases' clinical
records, and the note-review process manager."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.clinical.records import ClinicalRecord
from practicerunner.domain.clinical.templates import NoteTemplate
from practicerunner.processes.clinical import note_review
from practicerunner.processes.jobs import JobKind
from practicerunner.projections.clinical.notes import ClinicalNotes

CONTEXT = ContextDeclaration(
    name="clinical",
    store="clinical",
    aggregates=(ClinicalNote, NoteTemplate, ClinicalRecord),
    projections=(ClinicalNotes,),
    deciders=note_review.DECIDERS,
    job_kinds=(JobKind(note_review.FOLLOW_SUPERVISOR, note_review.follow_note_supervisor),),
    routers=("practicerunner.api.clinical.notes", "practicerunner.api.clinical.records"),
)
