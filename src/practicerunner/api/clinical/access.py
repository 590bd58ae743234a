"""Who reaches which note, on top of the role matrix (``notes.read`` / ``notes.write`` /
``notes.review``: clinicians only).

A note belongs to a case: a clinician reaches it when they serve or supervise the case (the
rule of ``api.clients.case_access``), or when they wrote it or are asked to review it (the
review may reach a supervisor before the read models list them on the case). Anything else
answers 404, exactly like a note that does not exist, so ids of notes reveal nothing.

A group note's sections are per participant; a reader sees the sections of the participants
they may see (``visible_participants``)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from practicerunner.api.auth import Principal, record_access
from practicerunner.api.clients.case_access import (
    case_access_or_404,
    guard_appointment,
    guard_case,
    scope_of,
)
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.domain.clinical.notes import ClinicalNote
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.access import CaseAccess
from practicerunner.projections.clinical.queries import ClinicalQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

NO_NOTE = "No note with that id."


def _is_party(principal: Principal, author_id: str | None, reviewer_id: str | None) -> bool:
    return principal.staff_id in {author_id, reviewer_id} - {None}


def note_reader_or_404(
    principal: Principal, rm: SchedulingReadModels, summary: dict[str, Any] | None
) -> None:
    """Refuses (404) a reader who may not read this note (or when there is no note)."""
    if summary is None:
        raise NotFound(NO_NOTE)
    if _is_party(principal, summary["author_id"], summary["reviewer_id"]):
        return
    try:
        access = case_access_or_404(principal, rm, summary["case_id"])
    except NotFound:
        raise NotFound(NO_NOTE) from None
    if access != CaseAccess.FULL:  # pragma: no cover - only clinicians hold notes.read
        raise NotFound(NO_NOTE)


def visible_participants(
    principal: Principal, rm: SchedulingReadModels, summary: dict[str, Any], participants: list[str]
) -> list[str] | None:
    """None (every section) for the owner and the note's author and reviewer; for another
    clinician, the participants they may see (those of the cases they reach)."""
    clinician = scope_of(principal)
    if clinician is None or _is_party(principal, summary["author_id"], summary["reviewer_id"]):
        return None
    practice_id = str(principal.practice_id)
    return [p for p in participants if rm.person_reachable(practice_id, p, clinician)]


def read_note(
    request: Request,
    principal: Principal,
    rm: SchedulingReadModels,
    queries: ClinicalQueries,
    note_id: str,
) -> dict[str, Any]:
    """One note for a checked reader, logged in the access log before it is returned."""
    practice_id = str(principal.practice_id)
    summary = queries.note_summary(practice_id, note_id)
    note_reader_or_404(principal, rm, summary)
    assert summary is not None
    everyone = queries.note(practice_id, note_id, None)
    assert everyone is not None
    visible = visible_participants(principal, rm, summary, everyone["participants"])
    note = everyone if visible is None else queries.note(practice_id, note_id, visible)
    assert note is not None
    record_access(
        request, principal, category="clinical", resource_type="note", resource_id=note_id
    )
    return note


# -- commands ---------------------------------------------------------------------------------


def note_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    """The ``guard`` of every command on a note: the note is read from the event store (no
    read-model lag), then its case must be one the caller reaches, unless they wrote it or
    review it. Another practice's note is "not found"."""
    rt: Runtime = request.app.state.runtime
    note = load(rt.stores["clinical"], ClinicalNote, values["note_id"], principal.practice_id)
    if scope_of(principal) is None or _is_party(principal, note.author_id, note.reviewer_id):
        return
    try:
        guard_case(rt, SchedulingReadModels(rt.engine), principal, note.case_id)
    except NotFound:
        raise NotFound(NO_NOTE) from None


def appointment_note_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    rt: Runtime = request.app.state.runtime
    guard_appointment(rt, SchedulingReadModels(rt.engine), principal, values["appointment_id"])


def case_note_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    rt: Runtime = request.app.state.runtime
    guard_case(rt, SchedulingReadModels(rt.engine), principal, values["case_id"])


def clinical_queries(request: Request) -> ClinicalQueries:
    return ClinicalQueries(request.app.state.runtime.engine)
