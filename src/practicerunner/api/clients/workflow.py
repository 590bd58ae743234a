"""The workflow summary at the top of a person's page: where they stand and what to do next.
What the caller sees of it follows their role (who pays is billing data, the next session
scheduling data), like every other record of the person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import access_category, person_access_or_404, scope_of
from practicerunner.api.deps import consistent_with, runtime
from practicerunner.api.scheduling.schemas import practice_timezone, scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import FieldClass, visible_fields
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.clients.workflow import WorkflowSummaries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["people"])


class ChecklistItem(BaseModel):
    key: str
    label: str
    done: bool


class AttentionItem(BaseModel):
    task_id: str
    task_type: str
    title: str
    due_at: str | None
    priority: str
    case_id: str | None


class NextAppointment(BaseModel):
    appointment_id: str
    case_id: str
    starts_at: str
    starts_local: str | None
    status: str


class BillingArrangement(BaseModel):
    payer: str  # client, or billing_contact (someone else pays)
    billing_contact_id: str | None


class CaseWorkflow(BaseModel):
    case_id: str
    title: str | None
    kind: str
    case_status: str
    workflow_state: str
    next_step: str
    next_appointment: NextAppointment | None
    billing_arrangement: BillingArrangement | None
    attention: list[AttentionItem]


class WorkflowSummary(BaseModel):
    person_id: str
    display_name: str
    lifecycle_status: str
    workflow_state: str
    next_step: str
    next_appointment: NextAppointment | None
    onboarding: list[ChecklistItem]
    attention: list[AttentionItem]
    cases: list[CaseWorkflow]


def _redacted(summary: dict[str, Any], allowed: frozenset[FieldClass]) -> dict[str, Any]:
    """Who pays is billing data: hidden from roles that do not see billing."""
    if FieldClass.BILLING not in allowed:
        for case in summary["cases"]:
            case["billing_arrangement"] = None
    return summary


@router.get("/people/{person_id}/workflow", response_model=WorkflowSummary)
def person_workflow(
    person_id: UUID,
    request: Request,
    principal: Principal = Depends(require(Permission.CLIENTS_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("people", "cases", "schedule", "tasks")),
) -> Any:
    """Lifecycle status and workflow state side by side (they are independent), the next
    step in plain words, and the same per case."""
    practice_id = str(principal.practice_id)
    access = person_access_or_404(principal, rm, str(person_id))
    summary = WorkflowSummaries(rt.engine).summary(
        practice_id,
        str(person_id),
        practice_timezone(request, practice_id),
        rt.clock.now(),
        clinician_id=scope_of(principal),
    )
    if summary is None:
        raise NotFound("No person with that id.")
    record_access(
        request, principal, category=access_category(access), resource_type="workflow_summary",
        resource_id=str(person_id),
    )  # fmt: skip
    return _redacted(summary, visible_fields(access))
