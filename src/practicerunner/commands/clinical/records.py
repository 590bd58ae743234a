"""Commands on a therapy case's clinical record (diagnoses, treatment plan) and on the
practice's note templates. The record opens with its first entry; a consultation or workshop
case never has one."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field

from practicerunner.commands.access import case_team, command, practice_wide
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.inputs import Flag, Line
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import CASE, PERSON
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clinical.records import ClinicalRecord
from practicerunner.domain.clinical.templates import (
    FieldInput,
    NoteKind,
    NoteTemplate,
    TemplateField,
)
from practicerunner.domain.errors import RuleViolation


def _record(
    ctx: CommandContext, case_id: uuid.UUID, expected: int | None
) -> tuple[ClinicalRecord, Case]:
    practice_for_write(ctx, read_only=True)
    case = load(ctx.stores.scheduling, Case, case_id, ctx.practice_id, copy=False)
    app = ctx.stores["clinical"]
    try:
        record: Any = app.repository.get(ClinicalRecord.id_for(case.id))
    except AggregateNotFoundError:
        record = ClinicalRecord.open(
            practice_id=str(ctx.practice_id),
            case_id=str(case.id),
            psychotherapy=case.kind.is_psychotherapy,
            by=ctx.actor,
            at=ctx.now(),
        )
    expect_version(record, expected)
    return record, case


class RecordDiagnosis(Command):
    case_id: uuid.UUID
    diagnosis_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    person_id: uuid.UUID
    code: Line = Field(min_length=3, max_length=8)
    started_on: date


@command(
    refs={"case_id": CASE, "person_id": PERSON},
    access=case_team,
    local={"diagnosis_id": "the new diagnosis's own id"},
)
def record_diagnosis(
    cmd: RecordDiagnosis, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    record, case = _record(ctx, cmd.case_id, expected_version)
    if str(cmd.person_id) not in case.participants:
        raise RuleViolation("That person does not take part in this case.", field="person_id")
    record.add_diagnosis(
        str(cmd.diagnosis_id), str(cmd.person_id), cmd.code, cmd.started_on, ctx.actor, ctx.now()
    )
    return save(ctx.stores["clinical"], record, result_of=record)


class EndDiagnosis(Command):
    case_id: uuid.UUID
    diagnosis_id: uuid.UUID
    ended_on: date


@command(
    refs={"case_id": CASE},
    access=case_team,
    local={"diagnosis_id": "a diagnosis inside the case's record, looked up in it"},
)
def end_diagnosis(
    cmd: EndDiagnosis, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    record, _ = _record(ctx, cmd.case_id, expected_version)
    record.end_diagnosis(str(cmd.diagnosis_id), cmd.ended_on, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], record, result_of=record)


class Goal(Command):
    goal: str = Field(min_length=1, max_length=500)
    objectives: list[str] = Field(default_factory=list, max_length=20)


class SetTreatmentPlan(Command):
    case_id: uuid.UUID
    goals: list[Goal] = Field(min_length=1, max_length=20)
    review_on: date


@command(refs={"case_id": CASE}, access=case_team)
def set_treatment_plan(
    cmd: SetTreatmentPlan, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    record, _ = _record(ctx, cmd.case_id, expected_version)
    goals = [g.model_dump() for g in cmd.goals]
    record.set_treatment_plan(goals, cmd.review_on, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], record, result_of=record)


class AddTemplateField(Command):
    kind: NoteKind
    key: Line = Field(min_length=2, max_length=40)
    label: Line = Field(min_length=1, max_length=80)
    input: FieldInput = FieldInput.LONG_TEXT
    required: Flag = False
    choices: list[str] = Field(default_factory=list, max_length=30)
    per_participant: Flag = False


def _template(ctx: CommandContext, kind: NoteKind) -> NoteTemplate:
    practice_for_write(ctx, read_only=True)
    app = ctx.stores["clinical"]
    try:
        template: Any = app.repository.get(NoteTemplate.id_for(str(ctx.practice_id), kind))
    except AggregateNotFoundError:
        template = NoteTemplate.create(str(ctx.practice_id), kind, ctx.actor, ctx.now())
    assert isinstance(template, NoteTemplate)
    return template


@command(access=practice_wide)
def add_template_field(cmd: AddTemplateField, ctx: CommandContext) -> CommandResult:
    """New notes of that kind ask for the field; notes already started keep their fields."""
    template = _template(ctx, cmd.kind)
    field = TemplateField(
        key=cmd.key,
        label=cmd.label,
        input=cmd.input,
        required=cmd.required,
        choices=tuple(cmd.choices),
        per_participant=cmd.per_participant,
    )
    template.add_field(field, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], template, result_of=template)


class RetireTemplateField(Command):
    kind: NoteKind
    key: Line = Field(min_length=2, max_length=40)


@command(access=practice_wide)
def retire_template_field(cmd: RetireTemplateField, ctx: CommandContext) -> CommandResult:
    template = _template(ctx, cmd.kind)
    template.retire_field(cmd.key, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], template, result_of=template)
