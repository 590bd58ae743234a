"""Emailing a document's secure link: once per sending, exactly once even when the job is
redelivered (``effects.once``). The email names only the practice: no amounts, no diagnoses,
no names of other people, nothing about the document but that it is waiting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from practicerunner.adapters.mailer import OutgoingEmail
from practicerunner.adapters.signing import sign_bound_link, verify_bound_link
from practicerunner.adapters.templating import render_email
from practicerunner.commands.base import load
from practicerunner.domain.clients.people import Person
from practicerunner.domain.documents.documents import Document
from practicerunner.domain.practice.practice import Practice
from practicerunner.processes.effects import EffectOutcome
from practicerunner.processes.outbox import Job, OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

DOCUMENT_LINK = "document-link"
SEND_DOCUMENT_LINK = "send_document_link"


def when_a_document_is_sent_email_its_link(event: Any) -> Iterable[Job]:
    yield Job(
        actor=SEND_DOCUMENT_LINK,
        key=event.sending_id,
        payload={"document_id": str(event.originator_id), "sending_id": event.sending_id},
    )


def link_token(runtime: Services, document_id: UUID, sending_id: str) -> str:
    key = runtime.settings.resolved_secret_key()
    return sign_bound_link(key, DOCUMENT_LINK, document_id, UUID(sending_id))


def read_link(runtime: Services, token: str) -> tuple[UUID, str] | None:
    found = verify_bound_link(runtime.settings.resolved_secret_key(), DOCUMENT_LINK, token)
    return (found[0], str(found[1])) if found else None


def send_document_link(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    document = load(runtime.stores["documents"], Document, UUID(job.payload["document_id"]), None)
    sending = document.sendings.get(job.payload["sending_id"])
    if sending is None:
        return "unknown-sending"
    if datetime.fromisoformat(sending["expires_at"]) <= runtime.clock.now():
        return "expired"
    practice = load(runtime.stores.practice, Practice, document.practice_id, None)
    person: Any = load(runtime.stores.scheduling, Person, sending["person_id"], None)
    to = person.primary_email
    if not to:
        return "no-email"
    token = link_token(runtime, document.id, job.payload["sending_id"])
    url = f"{runtime.settings.public_base_url.rstrip('/')}/o/{practice.slug}/documents?link={token}"
    rendered = render_email(
        "document_link",
        practice_name=practice.name,
        document_url=url,
        expires_at=datetime.fromisoformat(sending["expires_at"]),
        practice_timezone=practice.timezone,
    )
    dedupe = f"document-link.{job.payload['sending_id']}"
    email = OutgoingEmail(
        to=to, subject=rendered.subject, text=rendered.text, html=rendered.html, dedupe_key=dedupe
    )
    outcome = runtime.effects.once(
        f"email:{dedupe}",
        lambda: runtime.mailer().send(email),
        runtime.clock.now,
        after=hooks.get("after_effect"),
    )
    return "sent" if outcome == EffectOutcome.DONE else outcome.value
