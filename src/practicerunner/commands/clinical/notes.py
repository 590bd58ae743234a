"""Commands on notes. The session's clinician writes its note; an associate's (or any
supervised) note goes to its supervisor, who co-signs or returns it; a signed note takes
only addenda. Clinicians act for themselves here: nobody writes a note while acting as
another provider."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import Field

from practicerunner.commands.access import case_team, command
from practicerunner.commands.base import (
    Command,
    CommandContext,
    CommandResult,
    expect_version,
    load,
    save,
)
from practicerunner.commands.clinical.supervision import supervisor_of
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import APPOINTMENT, CASE, NOTE
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clinical.errors import NotTheAuthor
from practicerunner.domain.clinical.notes import ClinicalNote, session_note_id
from practicerunner.domain.clinical.templates import NoteKind, NoteTemplate, fields_for
from practicerunner.domain.errors import Forbidden, RuleViolation
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.appointments import Appointment, AppointmentStatus

FieldValues = dict[str, str]


def note_kind_must_fit_case(kind: NoteKind, case: Case) -> None:
    """Group cases get group notes; therapy cases progress notes; consultation cases
    consultation notes; intake and administrative notes fit every case."""
    psychotherapy, group = case.kind.is_psychotherapy, case.kind.is_group
    allowed = {
        NoteKind.GROUP: group,
        NoteKind.PROGRESS: psychotherapy and not group,
        NoteKind.CONSULTATION: not psychotherapy and not group,
    }.get(kind, True)
    if not allowed:
        raise RuleViolation(
            f"A {case.kind.label} case does not take a {kind.value} note.",
            reason="note-kind-not-for-case",
        )


def default_kind(case: Case) -> NoteKind:
    if case.kind.is_group:
        return NoteKind.GROUP
    return NoteKind.PROGRESS if case.kind.is_psychotherapy else NoteKind.CONSULTATION


def _writer(ctx: CommandContext) -> StaffMember:
    if ctx.actor.on_behalf_of is not None:
        raise Forbidden("Notes are written by the clinician themselves, not while acting as one.")
    staff = load(ctx.stores.practice, StaffMember, ctx.actor.id, ctx.practice_id, copy=False)
    if not staff.is_clinician:
        raise Forbidden("Only clinicians write clinical notes.")
    return staff


def _template_fields(ctx: CommandContext, kind: NoteKind, psychotherapy: bool) -> Any:
    try:
        template: Any = ctx.stores["clinical"].repository.get(
            NoteTemplate.id_for(str(ctx.practice_id), kind)
        )
        practice_fields = template.practice_fields
    except AggregateNotFoundError:
        practice_fields = ()
    return fields_for(kind, psychotherapy, practice_fields)


class StartNote(Command):
    appointment_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None  # for a note about the case rather than one session
    kind: NoteKind | None = None


@command(refs={"appointment_id": APPOINTMENT, "case_id": CASE}, access=case_team)
def start_note(cmd: StartNote, ctx: CommandContext) -> CommandResult:
    """Starts the session's note (one per appointment: starting it again returns the same
    note) or a note about a case."""
    practice_for_write(ctx, read_only=True)
    writer = _writer(ctx)
    app = ctx.stores["clinical"]
    appointment = None
    if cmd.appointment_id is not None:
        appointment = load(
            ctx.stores.scheduling, Appointment, cmd.appointment_id, ctx.practice_id, copy=False
        )
        case_id: Any = appointment.case_id
    elif cmd.case_id is not None:
        case_id = cmd.case_id
    else:
        raise RuleViolation(
            "Name the appointment (or the case) the note is about.", field="appointment_id"
        )
    case = load(ctx.stores.scheduling, Case, case_id, ctx.practice_id, copy=False)
    kind = cmd.kind or (default_kind(case) if appointment else NoteKind.ADMINISTRATIVE)
    note_kind_must_fit_case(kind, case)
    participants = case.active_participants()
    note_id = uuid.uuid4()
    if kind.is_session_note:
        if appointment is None:
            raise RuleViolation(
                f"A {kind.value} note documents an appointment.", field="appointment_id"
            )
        if str(writer.id) != appointment.provider_id:
            raise NotTheAuthor("The session's clinician writes its note.")
        if appointment.status.is_cancelled or appointment.status == AppointmentStatus.NO_SHOW:
            raise RuleViolation(
                "A cancelled or missed session has no session note; write an "
                "administrative note instead.",
                reason="no-session",
            )
        if ctx.now() < appointment.start:
            raise RuleViolation(
                "A session's note starts once the session has.", reason="session-not-started"
            )
        present = [p for p, a in appointment.attendance.items() if a != "absent"]
        participants = present or participants
        note_id = session_note_id(appointment.id)
        existing = _existing(app, note_id)
        if existing is not None:
            return CommandResult(
                id=existing.id,
                version=existing.version,
                position=f"{app.name}:0",
                extra={"existing": True},
            )
    note = ClinicalNote.start(
        id=note_id,
        practice_id=str(ctx.practice_id),
        case_id=str(case.id),
        appointment_id=str(appointment.id) if appointment else None,
        kind=kind,
        fields=_template_fields(ctx, kind, case.kind.is_psychotherapy),
        participants=participants,
        psychotherapy=case.kind.is_psychotherapy,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(app, note, result_of=note)


def _existing(app: Any, note_id: uuid.UUID) -> ClinicalNote | None:
    try:
        note = app.repository.get(note_id)
    except AggregateNotFoundError:
        return None
    return note if isinstance(note, ClinicalNote) else None


class NoteCommand(Command):
    note_id: uuid.UUID


def note_for_write(ctx: CommandContext, note_id: Any, expected: int | None) -> ClinicalNote:
    practice_for_write(ctx, read_only=True)
    note = load(ctx.stores["clinical"], ClinicalNote, note_id, ctx.practice_id)
    expect_version(note, expected)
    return note


class SaveDraft(NoteCommand):
    content: dict[str, str] = Field(default_factory=dict, max_length=100)
    sections: dict[str, dict[str, str]] = Field(default_factory=dict, max_length=100)


@command(refs={"note_id": NOTE}, access=case_team)
def save_draft(
    cmd: SaveDraft, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Autosave: the whole draft each time; an unchanged draft records nothing. Send
    If-Match with the version you loaded, so two open editors never overwrite each other."""
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.save_draft(cmd.content, cmd.sections, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note)


@command(refs={"note_id": NOTE}, access=case_team)
def sign_note(
    cmd: NoteCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """The author signs and locks unsupervised work; supervised work is submitted instead."""
    practice = practice_for_write(ctx, read_only=True)
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.sign(ctx.actor, ctx.now(), supervisor_id=supervisor_of(ctx, practice, note))
    return save(ctx.stores["clinical"], note, result_of=note)


@command(refs={"note_id": NOTE}, access=case_team)
def submit_note(
    cmd: NoteCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    """Sends the note to its supervisor (appointment, case, then the author's default)."""
    practice = practice_for_write(ctx, read_only=True)
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.submit_for_review(supervisor_of(ctx, practice, note), ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note, reviewer_id=note.reviewer_id)


@command(refs={"note_id": NOTE}, access=case_team)
def co_sign_note(
    cmd: NoteCommand, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.co_sign(ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note)


class ReturnNote(NoteCommand):
    comments: str = Field(min_length=1, max_length=20_000)


@command(refs={"note_id": NOTE}, access=case_team)
def return_note(
    cmd: ReturnNote, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.return_for_changes(cmd.comments, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note)


class AddAddendum(NoteCommand):
    text: str = Field(min_length=1, max_length=20_000)


@command(refs={"note_id": NOTE}, access=case_team)
def add_addendum(
    cmd: AddAddendum, ctx: CommandContext, expected_version: int | None = None
) -> CommandResult:
    note = note_for_write(ctx, cmd.note_id, expected_version)
    note.add_addendum(cmd.text, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note)


@command(refs={"note_id": NOTE}, access=case_team)
def follow_supervisor(cmd: NoteCommand, ctx: CommandContext) -> CommandResult:
    """A note waiting for review moves to whoever supervises it now (the appointment's,
    case's or author's default supervisor changed). Run by the note-review process."""
    practice = practice_for_write(ctx, read_only=True)
    note = load(ctx.stores["clinical"], ClinicalNote, cmd.note_id, ctx.practice_id)
    supervisor = supervisor_of(ctx, practice, note) if note.status == "submitted" else None
    if supervisor is not None and supervisor != note.author_id:
        note.change_reviewer(supervisor, ctx.actor, ctx.now())
    return save(ctx.stores["clinical"], note, result_of=note)


class StartSessionNote(Command):
    """The API's form of ``StartNote`` for one appointment (the id comes from the path)."""

    appointment_id: uuid.UUID
    kind: NoteKind | None = None


@command(refs={"appointment_id": APPOINTMENT}, access=case_team)
def start_session_note(cmd: StartSessionNote, ctx: CommandContext) -> CommandResult:
    """Starts the session's note, or returns the one already started (one per session)."""
    return start_note(StartNote(appointment_id=cmd.appointment_id, kind=cmd.kind), ctx)


class StartCaseNote(Command):
    case_id: uuid.UUID
    kind: NoteKind = NoteKind.ADMINISTRATIVE


@command(refs={"case_id": CASE}, access=case_team)
def start_case_note(cmd: StartCaseNote, ctx: CommandContext) -> CommandResult:
    """Starts a note about the case rather than one session (administrative by default)."""
    return start_note(StartNote(case_id=cmd.case_id, kind=cmd.kind), ctx)
