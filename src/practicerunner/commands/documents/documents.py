"""Asking for a billing document of a case, and for a new rendering of one. The command
checks what can be checked before rendering (the case and person belong to the practice,
the kind suits the case, a claim has insurance on file); a job renders the files."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from pydantic import Field

from practicerunner.commands.access import Kind, case_team, command, scoped_viewer
from practicerunner.commands.base import Command, CommandContext, CommandResult, load, save
from practicerunner.commands.practice.practice import practice_for_write
from practicerunner.commands.references import CASE, PERSON, reach_case
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.domain.documents.documents import Document, DocumentKind
from practicerunner.domain.errors import Forbidden, NotFound, RuleViolation

SUPPORTED = frozenset({DocumentKind.SUPERBILL, DocumentKind.CLAIM, DocumentKind.STATEMENT})


def reach_document(ctx: CommandContext, viewer: Any, document: Any) -> None:
    """A document is reached through its case; a receipt, which belongs to no case, only by
    practice-wide roles (this rule is only asked about callers who reach some cases)."""
    if document.case_id is None:
        raise NotFound("No document with that id.")
    try:
        reach_case(
            ctx, viewer, load(ctx.stores.scheduling, Case, document.case_id, ctx.practice_id)
        )
    except NotFound:
        raise NotFound("No document with that id.") from None


DOCUMENT = Kind("document", "documents", Document, reach_document)


class RequestDocument(Command):
    case_id: uuid.UUID
    kind: DocumentKind
    person_id: uuid.UUID | None = Field(
        default=None, description="The client the document is about; the case's only "
        "participant when left out."
    )  # fmt: skip
    period_start: date
    period_end: date
    document_id: uuid.UUID = Field(default_factory=uuid.uuid4)


def _person_of(case: Case, person_id: uuid.UUID | None) -> str:
    participants = list(case.participants)
    if person_id is None:
        if len(participants) != 1:
            raise RuleViolation(
                "This case has several participants: say whom the document is for.",
                field="person_id",
            )
        return str(participants[0])
    if str(person_id) not in case.participants:
        raise RuleViolation("That person does not take part in this case.", field="person_id")
    return str(person_id)


@command(
    refs={"case_id": CASE, "person_id": PERSON},
    access=case_team,
    local={"document_id": "the new document's own id"},
)
def request_document(
    cmd: RequestDocument, ctx: CommandContext, origin: str = "staff"
) -> CommandResult:
    practice = practice_for_write(ctx, read_only=True)
    if cmd.kind not in SUPPORTED:
        raise RuleViolation(
            f"{cmd.kind.label} documents are made by billing.", field="kind",
            reason="document-kind-not-requestable",
        )  # fmt: skip
    case = load(ctx.stores.scheduling, Case, cmd.case_id, ctx.practice_id, copy=False)
    if cmd.kind is DocumentKind.STATEMENT:
        # A statement is the payer's account: the case's billing contact, or whoever the
        # request names (a participant's own billing contact in a group).
        payer = cmd.person_id or case.billing_contact_id or _person_of(case, None)
        return _save_request(cmd, ctx, case, str(payer), origin)
    person_id = _person_of(case, cmd.person_id)
    docs = practice.settings.get("documents_forms", {})
    if not case.kind.is_psychotherapy and not docs.get("consultation_superbills", False):
        raise RuleViolation(
            "Consultation and workshop cases get no superbill or claim unless the practice's "
            "documents settings ask for them.",
            reason="no-superbill-for-consultation",
        )
    if cmd.kind is DocumentKind.CLAIM:
        person: Any = load(ctx.stores.scheduling, Person, person_id, ctx.practice_id, copy=False)
        if not person.insurance:
            raise RuleViolation(
                "A claim needs the client's insurance on file.", field="person_id",
                reason="no-insurance-on-file",
            )  # fmt: skip
    return _save_request(cmd, ctx, case, person_id, origin)


def _save_request(
    cmd: RequestDocument, ctx: CommandContext, case: Case, person_id: str, origin: str
) -> CommandResult:
    document = Document.request(
        id=cmd.document_id,
        practice_id=str(ctx.practice_id),
        case_id=str(case.id),
        kind=cmd.kind,
        person_id=person_id,
        period_start=cmd.period_start,
        period_end=cmd.period_end,
        origin=origin,
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores["documents"], document, result_of=document)


LINK_DAYS = 7


class RequestStatement(Command):
    person_id: uuid.UUID = Field(description="The payer whose whole account it shows.")
    period_start: date
    period_end: date
    document_id: uuid.UUID = Field(default_factory=uuid.uuid4)


def whole_account(ctx: CommandContext, cmd: Command, loaded: Any) -> None:
    """A payer's whole account may pay for cases the caller does not serve, so it is for
    practice-wide roles (the owner, billing staff); a clinician asks for a case's statement."""
    if scoped_viewer(ctx) is not None:
        raise Forbidden(
            "A statement of a payer's whole account is for the owner and billing staff: "
            "ask for it from one of your cases instead."
        )


@command(
    refs={"person_id": PERSON},
    access=whole_account,
    local={"document_id": "the new document's own id"},
)
def request_statement(cmd: RequestStatement, ctx: CommandContext) -> CommandResult:
    """A statement of a payer's whole account, over every case they pay for (a document of
    no case, like a receipt)."""
    practice_for_write(ctx, read_only=True)
    document = Document.request(
        id=cmd.document_id,
        practice_id=str(ctx.practice_id),
        case_id=None,
        kind=DocumentKind.STATEMENT,
        person_id=str(cmd.person_id),
        period_start=cmd.period_start,
        period_end=cmd.period_end,
        origin="staff",
        by=ctx.actor,
        at=ctx.now(),
    )
    return save(ctx.stores["documents"], document, result_of=document)


class SendDocument(Command):
    document_id: uuid.UUID
    sending_id: uuid.UUID = Field(default_factory=uuid.uuid4)


@command(
    refs={"document_id": DOCUMENT},
    access=case_team,
    local={"sending_id": "the new sending's own id"},
)
def send_document(cmd: SendDocument, ctx: CommandContext) -> CommandResult:
    """Emails the person the document is for a secure link to it (valid for a week, opened
    in the portal after signing in). The email says only that a document is waiting."""
    practice_for_write(ctx, read_only=True)
    document = load(ctx.stores["documents"], Document, cmd.document_id, ctx.practice_id)
    person: Any = load(
        ctx.stores.scheduling, Person, document.person_id, ctx.practice_id, copy=False
    )
    if not person.primary_email:
        raise RuleViolation("The person has no email address on file.", reason="no-email-on-file")
    expires = ctx.now() + timedelta(days=LINK_DAYS)
    document.send_by_email(str(cmd.sending_id), expires, ctx.actor, ctx.now())
    return save(ctx.stores["documents"], document, result_of=document)


class RegenerateDocument(Command):
    document_id: uuid.UUID


@command(refs={"document_id": DOCUMENT}, access=case_team)
def regenerate_document(cmd: RegenerateDocument, ctx: CommandContext) -> CommandResult:
    practice_for_write(ctx, read_only=True)
    document = load(ctx.stores["documents"], Document, cmd.document_id, ctx.practice_id)
    document.regenerate(ctx.actor, ctx.now())
    return save(ctx.stores["documents"], document, result_of=document)


def request_monthly_superbill(
    ctx: CommandContext, case_id: str, person_id: str, month_start: date, month_end: date
) -> CommandResult | None:
    """The one monthly superbill of a client of a case: None when it exists already (its id
    derives from the client, case and month, so a second save fails in the store)."""
    document_id = Document.monthly_id(
        str(ctx.practice_id), case_id, person_id, f"{month_start:%Y-%m}"
    )
    app = ctx.stores["documents"]
    if document_id in app.repository:
        return None
    cmd = RequestDocument(
        case_id=uuid.UUID(case_id), kind=DocumentKind.SUPERBILL,
        person_id=uuid.UUID(person_id), period_start=month_start, period_end=month_end,
        document_id=document_id,
    )  # fmt: skip
    return request_document(cmd, ctx, origin="monthly")
