"""Notes: the note of an appointment, a case's notes, one note, the supervisor's review queue,
and the commands that write them (start, autosave, submit, sign, co-sign, return,
addendum). Every route that returns a note, or a list of notes, writes the access log."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import case_access_or_404
from practicerunner.api.clinical.access import (
    appointment_note_guard,
    case_note_guard,
    clinical_queries,
    note_guard,
    read_note,
)
from practicerunner.api.clinical.schemas import NoteList, NoteView
from practicerunner.api.deps import consistent_with
from practicerunner.api.routing import PermittedCommandRoute, command_route
from practicerunner.api.scheduling.schemas import scheduling_read_models
from practicerunner.commands.clinical import notes as cmd
from practicerunner.domain.clinical.notes import session_note_id
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.clinical.queries import ClinicalQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["notes"])
READ, WRITE, REVIEW = Permission.NOTES_READ, Permission.NOTES_WRITE, Permission.NOTES_REVIEW


@router.get("/appointments/{appointment_id}/note", response_model=NoteView)
def appointment_note(
    appointment_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: ClinicalQueries = Depends(clinical_queries),
    _: None = Depends(consistent_with("clinical_notes")),
) -> dict:
    """The session's note (404 until it is started)."""
    note = read_note(request, principal, rm, queries, str(session_note_id(appointment_id)))
    response.headers["ETag"] = f'"{note["version"]}"'
    return note


@router.get("/notes/{note_id}", response_model=NoteView)
def get_note(
    note_id: UUID,
    request: Request,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: ClinicalQueries = Depends(clinical_queries),
    _: None = Depends(consistent_with("clinical_notes")),
) -> dict:
    note = read_note(request, principal, rm, queries, str(note_id))
    response.headers["ETag"] = f'"{note["version"]}"'
    return note


@router.get("/cases/{case_id}/notes", response_model=NoteList)
def case_notes(
    case_id: UUID,
    request: Request,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: ClinicalQueries = Depends(clinical_queries),
    _: None = Depends(consistent_with("clinical_notes")),
) -> dict:
    """A case's notes, newest first, without their text (open one to read it)."""
    case_access_or_404(principal, rm, str(case_id))
    items = queries.notes_of_case(str(principal.practice_id), str(case_id))
    record_access(
        request, principal, category="clinical", resource_type="note",
        resource_ids=[n["note_id"] for n in items],
    )  # fmt: skip
    return {"items": items}


@router.get("/review-queue", response_model=NoteList)
def review_queue(
    request: Request,
    principal: Principal = Depends(require(REVIEW)),
    queries: ClinicalQueries = Depends(clinical_queries),
    _: None = Depends(consistent_with("clinical_notes")),
) -> dict:
    """The notes waiting for the caller's co-signature, oldest submission first."""
    items = queries.review_queue(str(principal.practice_id), principal.staff_id)
    record_access(
        request, principal, category="clinical", resource_type="note",
        resource_ids=[n["note_id"] for n in items],
    )  # fmt: skip
    return {"items": items}


command_route(
    router, "/appointments/{appointment_id}/note/start", cmd.start_session_note,
    cmd.StartSessionNote, WRITE, path_param="appointment_id", versioned=False,
    guard=appointment_note_guard,
)  # fmt: skip
command_route(
    router, "/cases/{case_id}/notes", cmd.start_case_note, cmd.StartCaseNote, WRITE,
    path_param="case_id", versioned=False, guard=case_note_guard, status_code=201,
    location="/notes/{id}",
)  # fmt: skip
_NOTE_ROUTES: list[PermittedCommandRoute] = [
    ("draft", cmd.save_draft, cmd.SaveDraft, WRITE),
    ("submit", cmd.submit_note, cmd.NoteCommand, WRITE),
    ("sign", cmd.sign_note, cmd.NoteCommand, WRITE),
    ("co-sign", cmd.co_sign_note, cmd.NoteCommand, REVIEW),
    ("return", cmd.return_note, cmd.ReturnNote, REVIEW),
    ("addenda", cmd.add_addendum, cmd.AddAddendum, WRITE),
]
for path, handler, model, permission in _NOTE_ROUTES:
    command_route(
        router, f"/notes/{{note_id}}/{path}", handler, model, permission,
        path_param="note_id", guard=note_guard,
    )  # fmt: skip
