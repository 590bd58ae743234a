"""Supervision reviews and missing notes end to end through the commands, the process
managers and the read models, on both databases: an associate's submitted note gives its
supervisor exactly one review task, which moves with the supervisor and closes on co-sign;
a session without a signed note opens a task after 48 hours that closes when it is signed;
rebuilds and restarts create no duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext
from practicerunner.commands.clients.cases import (
    OpenCase,
    ProviderCommand,
    assign_provider,
    open_case,
)
from practicerunner.commands.clients.people import RegisterPerson, register_person
from practicerunner.commands.clinical import notes
from practicerunner.commands.practice import catalog
from practicerunner.commands.practice.staff import InviteStaff, invite_staff
from practicerunner.commands.scheduling.booking import BookAppointment, book_appointment
from practicerunner.commands.scheduling.changes import (
    ChangeSupervisor,
    CompleteAppointment,
    change_supervisor,
    complete_appointment,
)
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.projections.tasks.queries import TaskFilter, TaskQueries
from tests.support.readmodel import table_contents
from tests.support.scheduling import ready_practice
from tests.support.tenants import Tenant, open_tenant

COMPLETE = {"subjective": "Slept better.", "assessment": "Improving.", "plan": "Weekly."}


@dataclass(frozen=True)
class SoloPractice:
    tenant: Tenant
    therapy_service_id: str
    video_id: str
    provider_id: str = ""


def solo_practice(rt: Runtime) -> SoloPractice:
    """A Professional practice: the owner is its one licensed clinician."""
    tenant = open_tenant(rt, "solo-therapy", plan=Plan.PROFESSIONAL)
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    video = catalog.add_location(catalog.AddLocation(name="Video", session_format="video"), ctx)
    service = catalog.add_service(
        catalog.AddService(name="Therapy", cpt_code="90834", duration_minutes=50, fee_cents=1),
        ctx,
    )
    return SoloPractice(tenant, str(service.id), str(video.id))


def _setup(rt: Runtime, plan: Plan) -> dict[str, Any]:
    p: Any = ready_practice(rt) if plan == Plan.GROUP else solo_practice(rt)
    owner = rt.context(Actor(p.tenant.owner_id), p.tenant.practice_id)
    associate = invite_staff(
        InviteStaff(
            email="ada@harbor.example",
            given_name="Ada",
            family_name="Associate",
            role=Role.ASSOCIATE,
        ),
        owner,
    ).id
    person = register_person(RegisterPerson(given_name="Sam", family_name="Client"), owner).id
    case = open_case(
        OpenCase(kind="individual", participant_ids=[person], provider_ids=[associate]), owner
    ).id
    return {"p": p, "owner": owner, "associate": associate, "case": case}


def _session(rt: Runtime, clock: ControlledClock, s: dict[str, Any], hours: int) -> UUID:
    start = clock.now() + timedelta(hours=hours)
    booked = book_appointment(
        BookAppointment(
            case_id=s["case"],
            provider_id=s["associate"],
            service_id=s["p"].therapy_service_id,
            location_id=s["p"].video_id,
            start=start,
        ),
        s["owner"],
    )
    return booked.id


def _complete(rt: Runtime, clock: ControlledClock, s: dict[str, Any], appointment: UUID) -> None:
    complete_appointment(CompleteAppointment(appointment_id=appointment), s["owner"])


def _as(rt: Runtime, staff_id: Any, s: dict[str, Any]) -> CommandContext:
    return rt.context(Actor(str(staff_id)), s["p"].tenant.practice_id)


def _open_tasks(rt: Runtime, s: dict[str, Any], **where: Any) -> list[dict[str, Any]]:
    practice_id = str(s["p"].tenant.practice_id)
    return TaskQueries(rt.engine).tasks(practice_id, TaskFilter(**where)).items


def test_a_submitted_note_gives_its_supervisor_one_review_task_closed_by_co_signing(
    runtime: Runtime, clock: ControlledClock
) -> None:
    s = _setup(runtime, Plan.PROFESSIONAL)
    appointment = _session(runtime, clock, s, 1)
    clock.advance(timedelta(hours=2))
    _complete(runtime, clock, s, appointment)
    me = _as(runtime, s["associate"], s)
    note = notes.start_note(notes.StartNote(appointment_id=appointment), me).id
    again = notes.start_note(notes.StartNote(appointment_id=appointment), me).id
    assert again == note  # one note per session
    notes.save_draft(notes.SaveDraft(note_id=note, content=COMPLETE), me)
    submitted = notes.submit_note(notes.NoteCommand(note_id=note), me)
    owner_id = s["p"].tenant.owner_id
    assert submitted.extra["reviewer_id"] == owner_id  # Professional: the owner supervises
    runtime.run_until_idle()
    runtime.run_until_idle()
    reviews = _open_tasks(runtime, s, task_type="supervision_review")
    assert len(reviews) == 1 and reviews[0]["assignee"] == {"kind": "staff", "id": owner_id}
    assert reviews[0]["subject_id"] == str(note)

    notes.co_sign_note(notes.NoteCommand(note_id=note), _as(runtime, owner_id, s))
    runtime.run_until_idle()
    assert _open_tasks(runtime, s, task_type="supervision_review") == []
    done = _open_tasks(runtime, s, task_type="supervision_review", status="resolved")
    assert done[0]["resolution"] == "The note is co-signed." and done[0]["resolved_automatically"]


def test_a_case_level_supervisor_overrides_and_the_review_moves_with_the_session_s(
    runtime: Runtime, clock: ControlledClock
) -> None:
    s = _setup(runtime, Plan.GROUP)
    senior, owner_id = s["p"].provider_id, s["p"].tenant.owner_id
    person = register_person(RegisterPerson(given_name="Kai", family_name="Client"), s["owner"])
    s["case"] = open_case(
        OpenCase(
            kind="individual",
            participant_ids=[person.id],
            provider_ids=[s["associate"]],
            supervisor_id=UUID(senior),
        ),
        s["owner"],
    ).id
    appointment = _session(runtime, clock, s, 1)
    clock.advance(timedelta(hours=2))
    _complete(runtime, clock, s, appointment)
    me = _as(runtime, s["associate"], s)
    note = notes.start_note(notes.StartNote(appointment_id=appointment), me).id
    notes.save_draft(notes.SaveDraft(note_id=note, content=COMPLETE), me)
    assert notes.submit_note(notes.NoteCommand(note_id=note), me).extra["reviewer_id"] == senior
    runtime.run_until_idle()
    reviews = _open_tasks(runtime, s, task_type="supervision_review")
    assert [r["assignee"]["id"] for r in reviews] == [senior]

    change_supervisor(
        ChangeSupervisor(appointment_id=appointment, supervisor_id=UUID(owner_id)), s["owner"]
    )
    for _ in range(3):
        runtime.run_until_idle()
    reviews = _open_tasks(runtime, s, task_type="supervision_review")
    assert [r["assignee"]["id"] for r in reviews] == [owner_id]  # moved, still exactly one


def test_a_missing_note_opens_after_48_hours_and_closes_when_signed_without_duplicates(
    runtime: Runtime, clock: ControlledClock, settings: Settings
) -> None:
    s = _setup(runtime, Plan.GROUP)
    licensed = s["p"].provider_id
    assign_provider(ProviderCommand(case_id=s["case"], provider_id=UUID(licensed)), s["owner"])
    start = clock.now() + timedelta(hours=1)
    appointment = book_appointment(
        BookAppointment(
            case_id=s["case"],
            provider_id=UUID(licensed),
            service_id=s["p"].therapy_service_id,
            location_id=s["p"].video_id,
            start=start,
        ),
        s["owner"],
    ).id
    clock.advance(timedelta(hours=2))
    _complete(runtime, clock, s, appointment)
    runtime.run_until_idle()
    clock.advance(timedelta(hours=47))
    runtime.run_until_idle()
    assert _open_tasks(runtime, s, task_type="missing_note") == []
    clock.advance(timedelta(hours=2))
    runtime.run_until_idle()
    runtime.run_until_idle()
    missing = _open_tasks(runtime, s, task_type="missing_note")
    assert len(missing) == 1 and missing[0]["assignee"]["id"] == licensed

    before = table_contents(runtime, "tasks")
    runtime.engine.rebuild("tasks")
    runtime.run_until_idle()
    assert table_contents(runtime, "tasks") == before
    restarted = Runtime(settings, clock=clock)  # a process-manager restart on the same stores
    try:
        restarted.run_until_idle()
        assert len(_open_tasks(restarted, s, task_type="missing_note")) == 1
    finally:
        restarted.close()

    me = _as(runtime, licensed, s)
    note = notes.start_note(notes.StartNote(appointment_id=appointment), me).id
    notes.save_draft(notes.SaveDraft(note_id=note, content=COMPLETE), me)
    notes.sign_note(notes.NoteCommand(note_id=note), me)
    runtime.run_until_idle()
    runtime.run_until_idle()
    assert _open_tasks(runtime, s, task_type="missing_note") == []
    clock.advance(timedelta(days=5))
    runtime.run_until_idle()
    assert _open_tasks(runtime, s, task_type="missing_note") == []
