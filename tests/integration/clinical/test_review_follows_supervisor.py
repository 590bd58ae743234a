"""A note waiting for review follows its supervisor: when the case's supervisor or the
associate's default supervisor changes, the one open review task moves to whoever supervises
the note now, and a change at a less specific level moves nothing the more specific one
decides (appointment, then case, then the associate's default)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.clients.cases import (
    OpenCase,
    SetCaseSupervisor,
    open_case,
    set_case_supervisor,
)
from practicerunner.commands.clients.people import RegisterPerson, register_person
from practicerunner.commands.clinical import notes
from practicerunner.commands.practice.staff import SetDefaultSupervisor, set_default_supervisor
from practicerunner.domain.practice.roles import Plan
from practicerunner.projections.clinical.queries import ClinicalQueries
from tests.integration.clinical.test_review_and_missing_notes import (
    COMPLETE,
    _as,
    _complete,
    _open_tasks,
    _session,
    _setup,
)


def _idle(rt: Runtime) -> None:
    for _ in range(3):
        rt.run_until_idle()


def _submitted(rt: Runtime, clock: ControlledClock, s: dict[str, Any], case: Any) -> str:
    s["case"] = case
    appointment = _session(rt, clock, s, 1)
    clock.advance(timedelta(hours=2))
    _complete(rt, clock, s, appointment)
    me = _as(rt, s["associate"], s)
    note = notes.start_note(notes.StartNote(appointment_id=appointment), me).id
    notes.save_draft(notes.SaveDraft(note_id=note, content=COMPLETE), me)
    notes.submit_note(notes.NoteCommand(note_id=note), me)
    _idle(rt)
    return str(note)


def _reviewers(rt: Runtime, s: dict[str, Any]) -> dict[str, str]:
    """Open review tasks: the note they are about -> who is asked to co-sign it."""
    reviews = _open_tasks(rt, s, task_type="supervision_review")
    assert len({r["subject_id"] for r in reviews}) == len(reviews), reviews  # one per note
    return {r["subject_id"]: r["assignee"]["id"] for r in reviews}


def _reviewer_on_the_note(rt: Runtime, s: dict[str, Any], note: str) -> str | None:
    summary = ClinicalQueries(rt.engine).note_summary(str(s["p"].tenant.practice_id), note)
    assert summary is not None
    return summary["reviewer_id"]  # type: ignore[no-any-return]


def _another_case(s: dict[str, Any], given: str) -> Any:
    person = register_person(RegisterPerson(given_name=given, family_name="Client"), s["owner"])
    return open_case(
        OpenCase(kind="individual", participant_ids=[person.id], provider_ids=[s["associate"]]),
        s["owner"],
    ).id


def test_the_review_moves_when_the_case_gets_a_supervisor_and_back_when_it_loses_one(
    runtime: Runtime, clock: ControlledClock
) -> None:
    s = _setup(runtime, Plan.GROUP)
    owner, jonah = s["p"].tenant.owner_id, s["p"].provider_id
    case = s["case"]
    note = _submitted(runtime, clock, s, case)
    assert _reviewers(runtime, s) == {note: owner}  # no default supervisor: the owner

    set_case_supervisor(SetCaseSupervisor(case_id=case, supervisor_id=UUID(jonah)), s["owner"])
    _idle(runtime)
    assert _reviewers(runtime, s) == {note: jonah}
    shown = _reviewer_on_the_note(runtime, s, note)
    assert shown == jonah  # the note itself names its new reviewer

    set_case_supervisor(SetCaseSupervisor(case_id=case, supervisor_id=None), s["owner"])
    _idle(runtime)
    assert _reviewers(runtime, s) == {note: owner}


def test_a_new_default_supervisor_takes_the_associate_s_waiting_reviews_but_not_a_case_s(
    runtime: Runtime, clock: ControlledClock
) -> None:
    s = _setup(runtime, Plan.GROUP)
    owner, jonah, li = s["p"].tenant.owner_id, s["p"].provider_id, s["p"].second_provider_id
    plain = _submitted(runtime, clock, s, s["case"])
    supervised_case = _another_case(s, "Kai")
    set_case_supervisor(
        SetCaseSupervisor(case_id=supervised_case, supervisor_id=UUID(jonah)), s["owner"]
    )
    supervised = _submitted(runtime, clock, s, supervised_case)
    assert _reviewers(runtime, s) == {plain: owner, supervised: jonah}

    set_default_supervisor(
        SetDefaultSupervisor(staff_id=s["associate"], supervisor_id=UUID(li)), s["owner"]
    )
    _idle(runtime)
    # The case-level supervisor is more specific than the associate's default: it stays.
    assert _reviewers(runtime, s) == {plain: li, supervised: jonah}

    notes.co_sign_note(notes.NoteCommand(note_id=UUID(plain)), _as(runtime, li, s))
    _idle(runtime)
    assert _reviewers(runtime, s) == {supervised: jonah}
