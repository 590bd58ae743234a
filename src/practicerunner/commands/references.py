"""The kinds of things commands name, with the case-level rule of each (``access.Kind``).

A clinician-scoped caller (a provider or associate) reaches a case they serve or supervise,
the appointments and series of those cases, the people in them (and people in no case yet),
the notes of those cases (or notes they wrote or review) and tasks assigned to them or their
role. The case is read from the event store, so a provider who has just opened a case can
change it at once; who else serves or supervises it comes from the read models
(``ctx.reach``), which may lag but only ever add to the team.
"""

from __future__ import annotations

from typing import Any

from practicerunner.commands.access import Kind
from practicerunner.commands.base import CommandContext, load
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import CaseTeam, Viewer, must_access_case
from practicerunner.domain.identity.access_tokens import AccessToken
from practicerunner.domain.practice.catalog import Location, Service
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.scheduling.series import RecurringSeries
from practicerunner.domain.tasks.tasks import Task


def _reach_case(
    ctx: CommandContext,
    viewer: Viewer,
    case: Case,
    providers: set[str] | None = None,
    supervisors: set[str] | None = None,
) -> None:
    practice_id = str(ctx.practice_id)
    served = set(case.provider_ids) | (providers or set())
    supervised = ({case.supervisor_id} | (supervisors or set())) - {None}
    if ctx.reach is not None:
        known = ctx.reach.case_team(practice_id, str(case.id))
        if known is not None:
            served |= known[0]
            supervised |= known[1]
        supervised |= ctx.reach.default_supervisors_of(served)
    team = CaseTeam(practice_id, frozenset(served), frozenset(str(s) for s in supervised))
    must_access_case(viewer, team)


def reach_case(ctx: CommandContext, viewer: Viewer, case: Any) -> None:
    _reach_case(ctx, viewer, case)


def _case_of(ctx: CommandContext, case_id: Any) -> Case:
    return load(ctx.stores.scheduling, Case, case_id, ctx.practice_id, copy=False)


def reach_appointment(ctx: CommandContext, viewer: Viewer, appointment: Any) -> None:
    case = _case_of(ctx, appointment.case_id)
    supervisors = {appointment.supervisor_id} - {None}
    try:
        _reach_case(ctx, viewer, case, {appointment.provider_id}, supervisors)
    except NotFound:
        raise NotFound("No appointment with that id.") from None


def reach_series(ctx: CommandContext, viewer: Viewer, series: Any) -> None:
    try:
        _reach_case(ctx, viewer, _case_of(ctx, series.case_id))
    except NotFound:
        raise NotFound("No series with that id.") from None


def reach_person(ctx: CommandContext, viewer: Viewer, person: Any) -> None:
    clinician = viewer.acting_for or viewer.staff_id
    if ctx.reach is None or not ctx.reach.person_reachable(
        str(ctx.practice_id), str(person.id), clinician
    ):
        raise NotFound("No person with that id.")


def reach_note(ctx: CommandContext, viewer: Viewer, note: Any) -> None:
    """The note's author and reviewer reach it (a review may reach a supervisor before the
    read models list them on the case); others through its case."""
    if viewer.staff_id in {note.author_id, note.reviewer_id} - {None}:
        return
    try:
        _reach_case(ctx, viewer, _case_of(ctx, note.case_id))
    except NotFound:
        raise NotFound("No note with that id.") from None


def reach_task(ctx: CommandContext, viewer: Viewer, task: Any) -> None:
    """A provider or associate works on their own tasks and their role's."""
    mine = {f"staff:{viewer.staff_id}", f"role:{viewer.role.value}"}
    if f"{task.assignee['kind']}:{task.assignee['id']}" not in mine:
        raise NotFound("No task with that id.")


STAFF = Kind("staff member", "practice", StaffMember)
LOCATION = Kind("location", "practice", Location)
SERVICE = Kind("service", "practice", Service)
ACCESS_TOKEN = Kind("access token", "practice", AccessToken)
PERSON = Kind("person", "scheduling", Person, reach_person)
CASE = Kind("case", "scheduling", Case, reach_case)
APPOINTMENT = Kind("appointment", "scheduling", Appointment, reach_appointment)
SERIES = Kind("series", "scheduling", RecurringSeries, reach_series)
NOTE = Kind("note", "clinical", ClinicalNote, reach_note)
TASK = Kind("task", "tasks", Task, reach_task)

ROOM_IN_LOCATION = {"room_id": "a room inside the location, checked by the location"}
