"""Who co-signs (the most specific supervisor wins), templates with practice fields, and a
therapy case's diagnoses and treatment plan."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from practicerunner.domain.base import Actor
from practicerunner.domain.clinical.errors import NotPsychotherapy
from practicerunner.domain.clinical.records import ClinicalRecord
from practicerunner.domain.clinical.supervision import SupervisionFacts, supervisor_for
from practicerunner.domain.clinical.templates import (
    FieldInput,
    NoteKind,
    NoteTemplate,
    TemplateField,
    fields_for,
)
from practicerunner.domain.errors import InvalidValue, RuleViolation
from tests.support.specs import given, history, names, when

OWNER = Actor("owner")
AT = datetime(2026, 3, 2, 15, tzinfo=UTC)


def facts(**kwargs: object) -> SupervisionFacts:
    values: dict = dict(
        author_id="assoc", author_is_associate=True, plan_allows_supervision=True, owner_id="owner"
    )
    values.update(kwargs)
    return SupervisionFacts(**values)


def test_the_most_specific_supervisor_wins() -> None:
    assert supervisor_for(facts()) == "owner"  # Professional: the owner supervises associates
    assert supervisor_for(facts(default_supervisor_id="lic")) == "lic"
    assert supervisor_for(facts(default_supervisor_id="lic", case_supervisor_id="case")) == "case"
    assert (
        supervisor_for(
            facts(
                default_supervisor_id="lic",
                case_supervisor_id="case",
                appointment_supervisor_id="appt",
            )
        )
        == "appt"
    )


def test_no_supervision_on_a_plan_without_it_or_for_licensed_work_without_a_supervisor() -> None:
    assert supervisor_for(facts(plan_allows_supervision=False, case_supervisor_id="c")) is None
    assert supervisor_for(facts(author_id="lic", author_is_associate=False)) is None
    licensed_on_supervised_case = facts(
        author_id="lic", author_is_associate=False, case_supervisor_id="senior"
    )
    assert supervisor_for(licensed_on_supervised_case) == "senior"
    assert supervisor_for(facts(author_id="owner", author_is_associate=False)) is None


def test_a_practice_adds_fields_to_a_kind_of_note_and_new_notes_ask_for_them() -> None:
    template = NoteTemplate.create("p", NoteKind.PROGRESS, OWNER, AT)
    events = history(template)
    template = given(events)
    field = TemplateField("homework", "Homework given", FieldInput.TEXT)
    assert names(when(template, lambda t: t.add_field(field, OWNER, AT))) == ["FieldAdded"]
    with pytest.raises(RuleViolation):
        template.add_field(TemplateField("plan", "Plan again"), OWNER, AT)
    with pytest.raises(InvalidValue):
        template.add_field(TemplateField("Bad Key", "x"), OWNER, AT)
    with pytest.raises(InvalidValue):
        template.add_field(TemplateField("mood", "Mood", FieldInput.CHOICE), OWNER, AT)
    keys = [f.key for f in fields_for(NoteKind.PROGRESS, True, template.practice_fields)]
    assert keys[-1] == "homework" and "plan" in keys
    template.retire_field("homework", OWNER, AT)
    assert template.practice_fields == ()
    assert NoteTemplate.id_for("p", NoteKind.PROGRESS) == template.id


def test_a_consultation_case_has_no_clinical_record() -> None:
    with pytest.raises(NotPsychotherapy):
        ClinicalRecord.open(practice_id="p", case_id="c", psychotherapy=False, by=OWNER, at=AT)


def test_diagnoses_are_dated_with_a_start_and_an_end() -> None:
    record = ClinicalRecord.open(practice_id="p", case_id="c", psychotherapy=True, by=OWNER, at=AT)
    record = given(history(record))
    events = when(
        record, lambda r: r.add_diagnosis("d1", "ann", "f41.1", date(2026, 1, 10), OWNER, AT)
    )
    assert names(events) == ["DiagnosisAdded"] and events[0].code == "F41.1"
    assert (
        when(record, lambda r: r.add_diagnosis("d1", "ann", "F41.1", date(2026, 1, 10), OWNER, AT))
        == []
    )  # a retry
    with pytest.raises(RuleViolation):
        record.add_diagnosis("d2", "ann", "F41.1", date(2026, 2, 1), OWNER, AT)
    with pytest.raises(InvalidValue):
        record.add_diagnosis("d3", "ann", "not-a-code", date(2026, 2, 1), OWNER, AT)
    with pytest.raises(InvalidValue):
        record.end_diagnosis("d1", date(2025, 12, 1), OWNER, AT)
    record.end_diagnosis("d1", date(2026, 3, 1), OWNER, AT)
    assert [d["code"] for d in record.current_diagnoses(date(2026, 2, 1))] == ["F41.1"]
    assert record.current_diagnoses(date(2026, 3, 2)) == []
    with pytest.raises(RuleViolation):
        record.end_diagnosis("d1", date(2026, 3, 5), OWNER, AT)


def test_the_treatment_plan_has_goals_objectives_and_a_review_date() -> None:
    record = ClinicalRecord.open(practice_id="p", case_id="c", psychotherapy=True, by=OWNER, at=AT)
    goals = [{"goal": "Sleep through the night", "objectives": ["Wind-down routine 5 of 7"]}]
    events = when(record, lambda r: r.set_treatment_plan(goals, date(2026, 6, 1), OWNER, AT))
    assert names(events)[-1] == "TreatmentPlanSet"
    assert record.treatment_plan is not None and record.treatment_plan["review_on"] == "2026-06-01"
    assert when(record, lambda r: r.set_treatment_plan(goals, date(2026, 6, 1), OWNER, AT)) == []
    with pytest.raises(InvalidValue):
        record.set_treatment_plan([], date(2026, 6, 1), OWNER, AT)
    with pytest.raises(InvalidValue):
        record.set_treatment_plan([{"goal": " "}], date(2026, 6, 1), OWNER, AT)
