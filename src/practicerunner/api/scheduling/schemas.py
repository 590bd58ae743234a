"""Response models of the clients, cases, schedule and calendar feed routes, and the
dependencies those routers share."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import BaseModel

from practicerunner.domain.errors import NotFound
from practicerunner.projections.scheduling.queries import SchedulingReadModels


def scheduling_read_models(request: Request) -> SchedulingReadModels:
    return SchedulingReadModels(request.app.state.runtime.engine)


def practice_timezone(request: Request, practice_id: str) -> str:
    practice = request.app.state.read_models.practice(practice_id)
    if practice is None:
        raise NotFound("No practice with that id.")
    return str(practice["timezone"])


class PersonView(BaseModel):
    person_id: str
    kind: str
    given_name: str
    family_name: str
    middle_name: str | None
    preferred_name: str | None
    organisation_name: str | None
    display_name: str
    contact_type: str
    status: str
    birth_date: str | None
    emails: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    address: dict[str, str] | None
    notes: str | None
    insurance: dict[str, str] | None
    relationships: dict[str, str]
    helpers: dict[str, list[str]]
    verified_representatives: list[str]
    reminders_opted_out: bool
    registered_at: str
    updated_at: str
    version: int


class PersonPage(BaseModel):
    items: list[PersonView]
    next_cursor: str | None


class ParticipantView(BaseModel):
    person_id: str
    display_name: str | None
    joined_on: str
    left_on: str | None
    billing_contact_id: str | None
    status: str | None


class CaseView(BaseModel):
    case_id: str
    kind: str
    kind_label: str
    features: list[str]
    title: str | None
    status: str
    opened_on: str
    closed_on: str | None
    participants: list[ParticipantView]
    billing_contact_id: str | None
    provider_ids: list[str]
    supervisor_id: str | None
    diagnoses: list[dict[str, Any]] | None
    planned_absence_allowance: int | None
    planned_absences: dict[str, list[str]] | None
    opened_at: str
    updated_at: str
    version: int


class CasePage(BaseModel):
    items: list[CaseView]
    next_cursor: str | None


class AppointmentView(BaseModel):
    appointment_id: str
    case_id: str
    case_kind: str
    case_kind_label: str
    case_label: str
    provider_id: str
    provider_name: str | None
    supervisor_id: str | None
    service_id: str
    service_name: str | None = None
    location_id: str
    location_name: str | None = None
    room_id: str | None
    room_name: str | None = None
    session_format: str
    starts_at: str
    ends_at: str
    starts_local: str
    ends_local: str
    status: str
    late: bool
    series_id: str | None
    recurrence_id: str | None
    attendance: dict[str, str]
    version: int


class CancellationPreview(BaseModel):
    """What a cancellation would come to if made now (nothing is written)."""

    appointment_id: str
    by: str
    status: str
    late: bool
    fee_may_apply: bool
    late_cancel_window_hours: int
    allowance_year: int
    planned_absence_allowance: int | None
    planned_absences_used: int | None
    planned_absences_left_after: int | None


class AppointmentPage(BaseModel):
    items: list[AppointmentView]
    next_cursor: str | None


class ScheduleView(BaseModel):
    view: str
    timezone: str
    starts_at: str
    ends_at: str
    items: list[AppointmentView]
    next_cursor: str | None


class CaseHistoryView(BaseModel):
    case_id: str
    as_of: str | None
    case: dict[str, Any]
    appointments: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
