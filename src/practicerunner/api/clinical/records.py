"""A therapy case's clinical record (ICD-10 diagnoses with start and end, the treatment
plan) and the practice's note templates. The record is clinical data: every read is logged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Query, Request, Response

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import case_access_or_404, case_guard
from practicerunner.api.clinical.access import clinical_queries
from practicerunner.api.clinical.schemas import ClinicalRecordView, TemplateView
from practicerunner.api.deps import consistent_with, runtime
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.scheduling.schemas import scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clinical import records as cmd
from practicerunner.domain.clinical.templates import NoteKind, NoteTemplate, fields_for
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.clinical.queries import ClinicalQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["clinical records"])
READ, MANAGE = Permission.DIAGNOSES_READ, Permission.DIAGNOSES_MANAGE


@router.get("/cases/{case_id}/clinical-record", response_model=ClinicalRecordView)
def clinical_record(
    case_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: ClinicalQueries = Depends(clinical_queries),
    _: None = Depends(consistent_with("clinical_notes")),
) -> dict:
    """Diagnoses and treatment plan (empty until the first entry)."""
    case_access_or_404(principal, rm, str(case_id))
    found = queries.clinical_record(str(principal.practice_id), str(case_id))
    record_access(
        request, principal, category="clinical", resource_type="clinical_record",
        resource_id=str(case_id),
    )  # fmt: skip
    record: dict[str, Any] = found or {
        "case_id": str(case_id),
        "diagnoses": [],
        "treatment_plan": None,
        "updated_at": None,
        "version": 0,
    }
    response.headers["ETag"] = f'"{record["version"]}"'
    return record


@router.get("/note-template", response_model=TemplateView)
def note_template(
    kind: NoteKind = Query(),
    psychotherapy: bool = Query(default=True, description="false: a consultation case's note"),
    principal: Principal = Depends(require(Permission.NOTES_READ)),
    rt: Runtime = Depends(runtime),
) -> dict:
    """The fields a new note of this kind asks for: the built-in ones and the practice's."""
    try:
        template: Any = rt.stores["clinical"].repository.get(
            NoteTemplate.id_for(str(principal.practice_id), kind)
        )
        practice_fields = template.practice_fields
    except AggregateNotFoundError:
        practice_fields = ()
    fields = fields_for(kind, psychotherapy, practice_fields)
    return {"kind": kind.value, "fields": [f.as_dict() for f in fields]}


_CLINICAL_RECORD_ROUTES: list[CommandRoute] = [
    ("diagnoses", cmd.record_diagnosis, cmd.RecordDiagnosis),
    ("end-diagnosis", cmd.end_diagnosis, cmd.EndDiagnosis),
    ("treatment-plan", cmd.set_treatment_plan, cmd.SetTreatmentPlan),
]
for path, handler, model in _CLINICAL_RECORD_ROUTES:
    command_route(
        router, f"/cases/{{case_id}}/clinical-record/{path}", handler, model, MANAGE,
        path_param="case_id", guard=case_guard,
    )  # fmt: skip
_NOTE_TEMPLATE_ROUTES: list[CommandRoute] = [
    ("add-field", cmd.add_template_field, cmd.AddTemplateField),
    ("retire-field", cmd.retire_template_field, cmd.RetireTemplateField),
]
for path, handler, model in _NOTE_TEMPLATE_ROUTES:
    command_route(
        router, f"/note-templates/{path}", handler, model, Permission.NOTE_TEMPLATES_MANAGE,
        versioned=False,
    )  # fmt: skip
