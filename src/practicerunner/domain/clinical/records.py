"""A therapy case's clinical record: dated ICD-10 diagnoses (each with a start and, once
resolved, an end) and the treatment plan (goals with their objectives, and a review date).
Consultation and workshop cases have neither: opening a record for one is refused."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.clinical.errors import NotPsychotherapy
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.values import name_must_be_present

ICD10_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
MAX_GOALS = 20
MAX_OBJECTIVES = 20


def icd10_code_must_be_valid(code: str) -> str:
    code = code.strip().upper()
    if not ICD10_PATTERN.match(code):
        raise InvalidValue("An ICD-10 code looks like F41.1 or F32.A.", field="code")
    return code


def goals_must_be_sensible(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(goals) > MAX_GOALS:
        raise InvalidValue(f"A treatment plan has at most {MAX_GOALS} goals.", field="goals")
    clean = []
    for goal in goals:
        objectives = [name_must_be_present(o, "objective", 500) for o in goal.get("objectives", [])]
        if len(objectives) > MAX_OBJECTIVES:
            raise InvalidValue(
                f"A goal has at most {MAX_OBJECTIVES} objectives.", field="objectives"
            )
        clean.append(
            {
                "goal": name_must_be_present(goal.get("goal", ""), "goal", 500),
                "objectives": objectives,
            }
        )
    return clean


class ClinicalRecord(PracticeAggregate):
    """One per case (its id derives from the case's), so it is opened at most once."""

    def __init__(self, practice_id: str, case_id: str) -> None:
        self.practice_id = practice_id
        self.case_id = case_id
        self.diagnoses: dict[str, dict[str, Any]] = {}
        self.treatment_plan: dict[str, Any] | None = None

    @staticmethod
    def id_for(case_id: UUID | str) -> UUID:
        return natural_id("clinical-record", case_id)

    def current_diagnoses(self, on: date) -> list[dict[str, Any]]:
        day = on.isoformat()
        return [
            d
            for d in self.diagnoses.values()
            if d["started_on"] <= day and (d["ended_on"] is None or day <= d["ended_on"])
        ]

    class Opened(PracticeAggregate.Created):
        practice_id: str
        case_id: str

    class DiagnosisAdded(PracticeAggregate.Event):
        diagnosis_id: str
        person_id: str
        code: str
        started_on: str

        def apply(self, record: ClinicalRecord) -> None:
            record.diagnoses[self.diagnosis_id] = {
                "diagnosis_id": self.diagnosis_id,
                "person_id": self.person_id,
                "code": self.code,
                "started_on": self.started_on,
                "ended_on": None,
            }

    class DiagnosisEnded(PracticeAggregate.Event):
        diagnosis_id: str
        ended_on: str

        def apply(self, record: ClinicalRecord) -> None:
            record.diagnoses[self.diagnosis_id]["ended_on"] = self.ended_on

    class TreatmentPlanSet(PracticeAggregate.Event):
        goals: list[dict[str, Any]]
        review_on: str

        def apply(self, record: ClinicalRecord) -> None:
            record.treatment_plan = {
                "goals": self.goals,
                "review_on": self.review_on,
                "set_at": self.timestamp.isoformat(),
            }

    @classmethod
    def open(
        cls, *, practice_id: str, case_id: str, psychotherapy: bool, by: Actor, at: datetime | None
    ) -> ClinicalRecord:
        if not psychotherapy:
            raise NotPsychotherapy(
                "A consultation or workshop case has no diagnoses or treatment plan."
            )
        return cls._start(
            cls.Opened,
            id=cls.id_for(case_id),
            by=by,
            at=at,
            practice_id=practice_id,
            case_id=case_id,
        )

    def add_diagnosis(
        self,
        diagnosis_id: str,
        person_id: str,
        code: str,
        started_on: date,
        by: Actor,
        at: datetime | None,
    ) -> None:
        code = icd10_code_must_be_valid(code)
        if diagnosis_id in self.diagnoses:
            return  # a retried request: already recorded
        for d in self.diagnoses.values():
            if d["person_id"] == person_id and d["code"] == code and d["ended_on"] is None:
                raise RuleViolation(
                    f"{code} is already a current diagnosis for this person.",
                    reason="diagnosis-current",
                )
        self._happen(
            self.DiagnosisAdded,
            by,
            at,
            diagnosis_id=diagnosis_id,
            person_id=person_id,
            code=code,
            started_on=started_on.isoformat(),
        )

    def end_diagnosis(
        self, diagnosis_id: str, ended_on: date, by: Actor, at: datetime | None
    ) -> None:
        diagnosis = self.diagnoses.get(diagnosis_id)
        if diagnosis is None:
            raise RuleViolation("This case has no such diagnosis.", field="diagnosis_id")
        if diagnosis["ended_on"] is not None:
            raise RuleViolation("That diagnosis has already ended.", reason="diagnosis-ended")
        if ended_on.isoformat() < diagnosis["started_on"]:
            raise InvalidValue("A diagnosis cannot end before it started.", field="ended_on")
        self._happen(
            self.DiagnosisEnded, by, at, diagnosis_id=diagnosis_id, ended_on=ended_on.isoformat()
        )

    def set_treatment_plan(
        self, goals: list[dict[str, Any]], review_on: date, by: Actor, at: datetime | None
    ) -> None:
        clean = goals_must_be_sensible(goals)
        if not clean:
            raise InvalidValue("A treatment plan has at least one goal.", field="goals")
        plan = {"goals": clean, "review_on": review_on.isoformat()}
        current = self.treatment_plan
        if current is None or {k: current[k] for k in plan} != plan:
            self._happen(self.TreatmentPlanSet, by, at, **plan)
