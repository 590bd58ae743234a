"""The client workflow summary: per person and per case, the next appointment, the lifecycle
status, the workflow state and the next step in plain words, who pays, the onboarding
checklist and the open attention items.

It is composed when read from the read models that already follow each fact (people, cases,
the schedule, the task list): each of those is kept current by its own projection, so the
summary is as fresh as they are and needs no tables or rebuild of its own. The state itself
is decided in ``domain/clients/workflow.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from practicerunner.domain.clients.lifecycle import ContactType
from practicerunner.domain.clients.workflow import (
    Step,
    WorkflowFacts,
    WorkflowState,
    next_step,
    onboarding_checklist,
)
from practicerunner.domain.scheduling.appointments import AppointmentStatus
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.scheduling.queries import SchedulingReadModels
from practicerunner.projections.tasks.queries import TaskFilter, TaskQueries

ATTENTION_FIELDS = ("task_id", "task_type", "title", "due_at", "priority", "case_id")
CLOSED = Step(WorkflowState.NOTHING_TO_DO, "The case is closed; reopen it to book again.")
APPOINTMENT_FIELDS = ("appointment_id", "case_id", "starts_at", "starts_local", "status")


def _upcoming(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for a in rows if AppointmentStatus(a["status"]).is_upcoming]


class WorkflowSummaries:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.scheduling = SchedulingReadModels(engine)
        self.tasks = TaskQueries(engine)

    def _attention(self, practice_id: str, person_id: str, case_ids: list[str]) -> list[Any]:
        found: dict[str, dict[str, Any]] = {}
        filters = [TaskFilter(person_id=person_id)] + [TaskFilter(case_id=c) for c in case_ids]
        for where in filters:
            for task in self.tasks.tasks(practice_id, where, limit=50).items:
                found[task["task_id"]] = {k: task.get(k) for k in ATTENTION_FIELDS}
        return sorted(found.values(), key=lambda t: (t["due_at"] or "9999", t["task_id"]))

    def summary(
        self,
        practice_id: str,
        person_id: str,
        timezone: str,
        now: datetime,
        clinician_id: str | None = None,
    ) -> dict[str, Any] | None:
        """``clinician_id`` narrows the cases (and their appointments) to those a provider
        or associate reaches; None for the whole practice."""
        rm = self.scheduling
        person = rm.person(practice_id, person_id)
        if person is None:
            return None
        cases = rm.cases(
            practice_id, person_id=person_id, clinician_id=clinician_id, limit=200
        ).items
        upcoming = _upcoming(
            rm.person_appointments(
                practice_id, person_id, timezone, "upcoming", now, clinician_id, limit=50
            ).items
        )
        past = rm.person_appointments(
            practice_id, person_id, timezone, "past", now, clinician_id, limit=1
        ).items
        open_cases = [c for c in cases if c["status"] == "open"]
        attention = self._attention(practice_id, person_id, [c["case_id"] for c in cases])
        has_contact = bool(person.get("emails") or person.get("phones"))
        is_client = person.get("contact_type") != ContactType.CONTACT.value
        facts = WorkflowFacts(
            has_contact=has_contact,
            has_open_case=bool(open_cases),
            next_appointment_at=upcoming[0]["starts_at"] if upcoming else None,
            ever_booked=bool(upcoming or past),
            attention=tuple(attention),
            is_client=is_client,
        )
        step = next_step(facts)
        return {
            "person_id": person_id,
            "display_name": person["display_name"],
            "lifecycle_status": person["status"],
            "workflow_state": step.state.value,
            "next_step": step.next_step,
            "next_appointment": _appointment(upcoming[0]) if upcoming else None,
            "onboarding": onboarding_checklist(facts),
            "attention": attention,
            "cases": [
                self._case(c, person_id, has_contact, is_client, upcoming, past, attention)
                for c in cases
            ],
        }

    @staticmethod
    def _case(
        case: dict[str, Any],
        person_id: str,
        has_contact: bool,
        is_client: bool,
        upcoming: list[dict[str, Any]],
        past: list[dict[str, Any]],
        attention: list[dict[str, Any]],
    ) -> dict[str, Any]:
        case_id = case["case_id"]
        mine = [a for a in upcoming if a["case_id"] == case_id]
        items = tuple(t for t in attention if t["case_id"] == case_id)
        facts = WorkflowFacts(
            has_contact=has_contact,
            has_open_case=case["status"] == "open",
            next_appointment_at=mine[0]["starts_at"] if mine else None,
            ever_booked=bool(mine) or any(a["case_id"] == case_id for a in past),
            attention=items,
            is_client=is_client,
        )
        step = next_step(facts) if case["status"] == "open" else CLOSED
        return {
            "case_id": case_id,
            "title": case.get("title"),
            "kind": case["kind"],
            "case_status": case["status"],
            "workflow_state": step.state.value,
            "next_step": step.next_step,
            "next_appointment": _appointment(mine[0]) if mine else None,
            "billing_arrangement": _payer(case, person_id),
            "attention": list(items),
        }


def _appointment(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in APPOINTMENT_FIELDS}


def _payer(case: dict[str, Any], person_id: str) -> dict[str, Any]:
    """Who pays for this person's sessions in the case, when it is not the person."""
    payer = (case.get("participant_billing_contacts") or {}).get(person_id) or case.get(
        "billing_contact_id"
    )
    if payer is None or payer == person_id:
        return {"payer": "client", "billing_contact_id": None}
    return {"payer": "billing_contact", "billing_contact_id": payer}
