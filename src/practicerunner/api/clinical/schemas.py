"""Response shapes of the clinical routes (the web app's types are generated from them)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class NoteSummary(BaseModel):
    """A note without its text: what lists (a case's notes, the review queue) show."""

    note_id: str
    case_id: str
    appointment_id: str | None
    kind: str
    author_id: str
    status: str
    submission: int
    reviewer_id: str | None
    submitted_at: str | None
    signed_by: str | None
    cosigned_by: str | None
    signed_at: str | None
    started_at: str
    updated_at: str
    version: int


class NoteField(BaseModel):
    key: str
    label: str
    input: str
    required: bool
    choices: list[str]
    psychotherapy_only: bool
    per_participant: bool
    added_by_practice: bool


class NoteReview(BaseModel):
    submission: int
    reviewer_id: str
    outcome: str
    comments: str | None
    at: str


class Addendum(BaseModel):
    text: str
    added_by: str
    at: str


class NoteView(NoteSummary):
    """A whole note. ``sections`` holds a group note's per-participant answers, only for the
    participants the reader may see."""

    psychotherapy: bool
    participants: list[str]
    fields: list[NoteField]
    content: dict[str, str]
    sections: dict[str, dict[str, str]]
    reviews: list[NoteReview]
    addenda: list[Addendum]


class NoteList(BaseModel):
    items: list[NoteSummary]


class Diagnosis(BaseModel):
    diagnosis_id: str
    person_id: str
    code: str
    started_on: str
    ended_on: str | None


class TreatmentGoal(BaseModel):
    goal: str
    objectives: list[str]


class TreatmentPlan(BaseModel):
    goals: list[TreatmentGoal]
    review_on: str
    set_at: str


class ClinicalRecordView(BaseModel):
    case_id: str
    diagnoses: list[Diagnosis]
    treatment_plan: TreatmentPlan | None
    updated_at: str | None
    version: int


class TemplateView(BaseModel):
    kind: str
    fields: list[NoteField]


def summary_of(note: dict[str, Any]) -> dict[str, Any]:
    return {k: note[k] for k in NoteSummary.model_fields}
