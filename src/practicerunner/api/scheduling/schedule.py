"""The schedule: booking, moving, cancelling and completing appointments and series, and the
day, week and month views by provider, location and room."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import (
    access_category,
    case_access_or_404,
    case_guard,
    person_access_or_404,
    scope_of,
    viewer_of,
)
from practicerunner.api.deps import consistent_with, page_params, runtime
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.scheduling.schemas import (
    AppointmentPage,
    AppointmentView,
    CancellationPreview,
    ScheduleView,
    practice_timezone,
    scheduling_read_models,
)
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.scheduling import booking, changes, series
from practicerunner.commands.scheduling.cancellation import preview_cancellation
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import record_access_ceiling
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.scheduling.queries import SchedulingReadModels, window

router = APIRouter(tags=["schedule"])
READ, M = Permission.SCHEDULE_READ, Permission.SCHEDULE_MANAGE


@router.get("/schedule", response_model=ScheduleView)
def get_schedule(
    request: Request,
    view: Literal["day", "week", "month"] = "week",
    day: date = Query(alias="date", description="any day in the period, practice time"),
    provider_id: UUID | None = Query(default=None),
    location_id: UUID | None = Query(default=None),
    room_id: str | None = Query(default=None, max_length=64),
    include_cancelled: bool = True,
    limit: int = Query(default=200, ge=1, le=500),
    cursor: str | None = Query(default=None, max_length=500),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("schedule")),
) -> dict:
    """A day, a week (Monday first) or a month in the practice's timezone, for one provider,
    location or room (or everyone), with each appointment's case kind and status. Providers
    and associates see the appointments of the cases they serve or supervise."""
    practice_id = str(principal.practice_id)
    tz = practice_timezone(request, practice_id)
    start, end = window(view, day, tz)
    page = rm.schedule(
        practice_id,
        tz,
        start,
        end,
        provider_id=str(provider_id) if provider_id else None,
        location_id=str(location_id) if location_id else None,
        room_id=room_id,
        include_cancelled=include_cancelled,
        clinician_id=scope_of(principal),
        limit=limit,
        cursor=cursor,
    )
    record_access(
        request, principal,
        category=access_category(record_access_ceiling(viewer_of(principal))),
        resource_type="appointment", resource_ids=[a["appointment_id"] for a in page.items],
    )  # fmt: skip
    return {
        "view": view,
        "timezone": tz,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "items": page.items,
        "next_cursor": page.next_cursor,
    }


@router.get("/appointments/{appointment_id}", response_model=AppointmentView)
def get_appointment(
    appointment_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    _: None = Depends(consistent_with("schedule")),
) -> dict:
    practice_id = str(principal.practice_id)
    found = rm.appointment(
        practice_id, str(appointment_id), practice_timezone(request, practice_id)
    )
    if found is None:
        raise NotFound("No appointment with that id.")
    try:
        access = case_access_or_404(principal, rm, found["case_id"])
    except NotFound:
        raise NotFound("No appointment with that id.") from None
    record_access(
        request, principal, category=access_category(access), resource_type="appointment",
        resource_id=str(appointment_id),
    )  # fmt: skip
    response.headers["ETag"] = f'"{found["version"]}"'
    return found


@router.get("/appointments/{appointment_id}/cancellation", response_model=CancellationPreview)
def get_cancellation_preview(
    appointment_id: UUID,
    request: Request,
    by: Literal["client", "practice"] = "client",
    principal: Principal = Depends(require(M)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
) -> dict:
    """What cancelling now would come to, before confirming: the status (planned absence,
    cancelled by client, late cancellation, cancelled by the practice), whether a fee may apply,
    and the case's planned absences left afterwards. Writes nothing."""
    practice_id = str(principal.practice_id)
    tz = practice_timezone(request, practice_id)
    found = rm.appointment(practice_id, str(appointment_id), tz)
    if found is None:
        raise NotFound("No appointment with that id.")
    try:
        case_access_or_404(principal, rm, found["case_id"])
    except NotFound:
        raise NotFound("No appointment with that id.") from None
    ctx = rt.context(principal.actor, principal.practice_id)
    outcome = preview_cancellation(ctx, appointment_id, by_client=by == "client")
    return {"appointment_id": str(appointment_id), "by": by, **outcome.as_dict()}


@router.get("/people/{person_id}/appointments", response_model=AppointmentPage)
def person_appointments(
    person_id: UUID,
    request: Request,
    when: Literal["upcoming", "past"] = "upcoming",
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("schedule")),
) -> object:
    """A client's appointments in every case they take part in."""
    practice_id = str(principal.practice_id)
    if rm.person(practice_id, str(person_id)) is None:
        raise NotFound("No person with that id.")
    access = person_access_or_404(principal, rm, str(person_id))
    tz = practice_timezone(request, practice_id)
    result = rm.person_appointments(
        practice_id, str(person_id), tz, when, rt.clock.now(), clinician_id=scope_of(principal),
        **page,
    )  # fmt: skip
    record_access(
        request, principal, category=access_category(access), resource_type="appointment",
        resource_ids=[a["appointment_id"] for a in result.items],
    )  # fmt: skip
    return result


command_route(
    router, "/appointments", booking.book_appointment, booking.BookAppointment, M, status_code=201,
    versioned=False, summary="Book an appointment", guard=case_guard,
)  # fmt: skip
_APPOINTMENT_ROUTES: list[CommandRoute] = [
    ("reschedule", changes.reschedule_appointment, changes.RescheduleAppointment),
    ("cancel", changes.cancel_appointment, changes.CancelAppointment),
    ("confirm", changes.confirm_appointment, changes.AppointmentCommand),
    ("complete", changes.complete_appointment, changes.CompleteAppointment),
    ("mark-no-show", changes.mark_no_show, changes.AppointmentCommand),
    ("change-supervisor", changes.change_supervisor, changes.ChangeSupervisor),
]
for path, handler, model in _APPOINTMENT_ROUTES:
    command_route(
        router, f"/appointments/{{appointment_id}}/{path}", handler, model, M,
        path_param="appointment_id", guard=case_guard,
    )  # fmt: skip
command_route(
    router, "/series", series.book_series, series.BookSeries, M, status_code=201, versioned=False,
    summary="Book a recurring series", guard=case_guard,
)  # fmt: skip
command_route(
    router, "/appointments/{appointment_id}/change-following", series.change_following,
    series.ChangeFollowing, M, path_param="appointment_id", versioned=False,
    summary="Change this and all following occurrences", guard=case_guard,
)  # fmt: skip
command_route(
    router, "/appointments/{appointment_id}/cancel-following", series.cancel_following,
    series.CancelFollowing, M, path_param="appointment_id", versioned=False,
    summary="Cancel this and all following occurrences", guard=case_guard,
)  # fmt: skip
