"""Note kinds and their templates: the built-in fields of each kind, plus fields a practice
adds. A note copies its template's fields when it is started, so a later change to the
template never changes what an existing note asked for (as a sent form keeps its version)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.clinical.errors import UnknownNoteField
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.values import name_must_be_present


class NoteKind(StrEnum):
    PROGRESS = "progress"
    CONSULTATION = "consultation"
    GROUP = "group"
    INTAKE = "intake"
    ADMINISTRATIVE = "administrative"

    @property
    def is_session_note(self) -> bool:
        """The note that documents an appointment (one per appointment); an administrative
        note is about the case and never counts as the session's note."""
        return self != NoteKind.ADMINISTRATIVE


class FieldInput(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class TemplateField:
    key: str
    label: str
    input: FieldInput = FieldInput.LONG_TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    # Mental status, risk, diagnoses: never on a consultation or workshop case's note.
    psychotherapy_only: bool = False
    # Group notes: one value per participant, each visible only to who may see that person.
    per_participant: bool = False
    added_by_practice: bool = False

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["input"] = self.input.value
        values["choices"] = list(self.choices)
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TemplateField:
        return cls(
            **{
                **values,
                "input": FieldInput(values["input"]),
                "choices": tuple(values.get("choices", ())),
            }
        )


F = TemplateField
_MSE = F("mental_status", "Mental status", psychotherapy_only=True)
_RISK = F("risk_assessment", "Risk assessment", psychotherapy_only=True)
BUILT_IN_FIELDS: dict[NoteKind, tuple[TemplateField, ...]] = {
    NoteKind.PROGRESS: (
        F("subjective", "Subjective", required=True),
        F("objective", "Objective"),
        _MSE,
        _RISK,
        F("assessment", "Assessment", required=True),
        F("interventions", "Interventions"),
        F("plan", "Plan", required=True),
    ),
    NoteKind.CONSULTATION: (
        F("focus", "Focus of consultation", required=True),
        F("discussion", "Discussion"),
        F("recommendations", "Recommendations", required=True),
        F("follow_up", "Follow-up", input=FieldInput.TEXT),
    ),
    NoteKind.GROUP: (
        F("theme", "Session theme", input=FieldInput.TEXT, required=True),
        F("interventions", "Interventions"),
        F("group_process", "Group process"),
        F("participation", "Participation", per_participant=True),
        F("progress", "Progress toward goals", per_participant=True),
        F("risk_assessment", "Risk assessment", psychotherapy_only=True, per_participant=True),
    ),
    NoteKind.INTAKE: (
        F("presenting_concerns", "Presenting concerns", required=True),
        F("history", "History"),
        _MSE,
        _RISK,
        F("clinical_impression", "Clinical impression", psychotherapy_only=True),
        F("recommendations", "Recommendations", required=True),
    ),
    NoteKind.ADMINISTRATIVE: (F("summary", "Summary", required=True),),
}

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_VALUE_LENGTH = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fields_for(
    kind: NoteKind, psychotherapy: bool, practice_fields: tuple[TemplateField, ...] = ()
) -> tuple[TemplateField, ...]:
    """The fields a new note of this kind asks for on a case of this nature."""
    return tuple(
        f
        for f in (*BUILT_IN_FIELDS[kind], *practice_fields)
        if psychotherapy or not f.psychotherapy_only
    )


def value_must_fit(field: TemplateField, value: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"'{field.label}' takes text.", field=field.key)
    if len(value) > MAX_VALUE_LENGTH:
        raise InvalidValue(
            f"'{field.label}' is longer than {MAX_VALUE_LENGTH} characters.", field=field.key
        )
    if _CONTROL.search(value):
        raise InvalidValue(f"'{field.label}' holds control characters.", field=field.key)
    if value and field.input == FieldInput.CHOICE and value not in field.choices:
        raise InvalidValue(
            f"'{field.label}' is one of: {', '.join(field.choices)}.", field=field.key
        )
    if value and field.input == FieldInput.YES_NO and value not in ("yes", "no"):
        raise InvalidValue(f"'{field.label}' is yes or no.", field=field.key)
    if field.input == FieldInput.TEXT and "\n" in value:
        raise InvalidValue(f"'{field.label}' is one line.", field=field.key)
    return value


def values_must_match(
    fields: tuple[TemplateField, ...], values: dict[str, str], per_participant: bool
) -> dict[str, str]:
    """Keeps only non-empty values, each for a field of the template at the right level."""
    known = {f.key: f for f in fields if f.per_participant == per_participant}
    clean: dict[str, str] = {}
    for key, value in values.items():
        if key not in known:
            raise UnknownNoteField(f"This note has no field '{key}'.", field=key)
        checked = value_must_fit(known[key], value)
        if checked.strip():
            clean[key] = checked
    return clean


class NoteTemplate(PracticeAggregate):
    """The fields a practice has added to one kind of note (one template per kind)."""

    def __init__(self, practice_id: str, kind: str) -> None:
        self.practice_id = practice_id
        self.kind = NoteKind(kind)
        self.added: dict[str, dict[str, Any]] = {}

    @staticmethod
    def id_for(practice_id: UUID | str, kind: NoteKind) -> UUID:
        return natural_id("note-template", practice_id, kind.value)

    @property
    def practice_fields(self) -> tuple[TemplateField, ...]:
        return tuple(TemplateField.from_dict(f) for f in self.added.values())

    class Created(PracticeAggregate.Created):
        practice_id: str
        kind: str

    class FieldAdded(PracticeAggregate.Event):
        field: dict[str, Any]

        def apply(self, template: NoteTemplate) -> None:
            template.added[self.field["key"]] = self.field

    class FieldRetired(PracticeAggregate.Event):
        key: str

        def apply(self, template: NoteTemplate) -> None:
            template.added.pop(self.key, None)

    @classmethod
    def create(
        cls, practice_id: UUID | str, kind: NoteKind, by: Actor, at: datetime | None
    ) -> NoteTemplate:
        return cls._start(
            cls.Created,
            id=cls.id_for(practice_id, kind),
            by=by,
            at=at,
            practice_id=str(practice_id),
            kind=NoteKind(kind).value,
        )

    def add_field(self, field: TemplateField, by: Actor, at: datetime | None) -> None:
        if not KEY_PATTERN.match(field.key):
            raise InvalidValue(
                "A field key is 2 to 40 lowercase letters, digits and underscores.", field="key"
            )
        taken = {f.key for f in BUILT_IN_FIELDS[self.kind]} | set(self.added)
        if field.key in taken:
            raise RuleViolation(f"This template already has a field '{field.key}'.", field="key")
        if field.input == FieldInput.CHOICE and not field.choices:
            raise InvalidValue("A choice field needs its choices.", field="choices")
        if field.per_participant and self.kind != NoteKind.GROUP:
            raise InvalidValue(
                "Only group notes have per-participant fields.", field="per_participant"
            )
        added = TemplateField(
            **{
                **field.as_dict(),
                "input": field.input,
                "choices": tuple(field.choices),
                "added_by_practice": True,
                "label": name_must_be_present(field.label, "label", 80),
            }
        )
        self._happen(self.FieldAdded, by, at, field=added.as_dict())

    def retire_field(self, key: str, by: Actor, at: datetime | None) -> None:
        """New notes stop asking for it; notes that already hold it keep it."""
        if key not in self.added:
            raise RuleViolation(f"This template has no practice field '{key}'.", field="key")
        self._happen(self.FieldRetired, by, at, key=key)
