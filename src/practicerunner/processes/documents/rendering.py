"""Renders a requested document: a job per request (or regeneration) reads what the document
is made from, writes its PDF files to the sealed file store and records the rendering on the
Document. A redelivered job finds the document no longer pending and does nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.adapters.pdf import render_pdf
from practicerunner.adapters.pdf.cms1500 import render_claim_html
from practicerunner.adapters.pdf.documents import (
    invoice_html,
    receipt_html,
    statement_html,
    superbill_html,
)
from practicerunner.adapters.pdf.render import TEMPLATE_VERSION
from practicerunner.commands.base import load, save
from practicerunner.domain.base import Actor
from practicerunner.domain.billing.invoices import Invoice
from practicerunner.domain.billing.payments import Payment, PaymentStatus
from practicerunner.domain.documents.claims import SupervisorRule, build_claim
from practicerunner.domain.documents.documents import Document, DocumentKind
from practicerunner.domain.documents.sessions import diagnosis_list, service_lines
from practicerunner.domain.documents.statement import build_statement
from practicerunner.domain.documents.superbill import build_superbill
from practicerunner.domain.errors import Conflict, DomainError
from practicerunner.domain.practice.practice import Practice
from practicerunner.processes.outbox import Job, OutboxRow
from practicerunner.projections.documents.billing_sources import BillingSources, practice_identity
from practicerunner.projections.documents.sources import DocumentInputs, DocumentSources

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

RENDER_DOCUMENT = "render_document"
BILLING_KINDS = frozenset({DocumentKind.STATEMENT, DocumentKind.INVOICE, DocumentKind.RECEIPT})
SERVICE = Actor.service("documents")


def when_a_document_is_requested_render_it(event: Any) -> Iterable[Job]:
    yield Job(
        actor=RENDER_DOCUMENT,
        key=f"render:{event.originator_id}:{event.originator_version}",
        payload={"document_id": str(event.originator_id)},
    )


MAKE_BILLING_DOCUMENT = "make_billing_document"


def when_an_invoice_is_issued_make_its_pdf(event: Any) -> Iterable[Job]:
    yield Job(
        actor=MAKE_BILLING_DOCUMENT,
        key=f"invoice-pdf:{event.originator_id}",
        payload={"kind": "invoice", "subject_id": str(event.originator_id)},
    )


def when_a_payment_succeeds_make_its_receipt(event: Any) -> Iterable[Job]:
    if isinstance(event, Payment.Succeeded) or event.status == PaymentStatus.SUCCEEDED.value:
        yield Job(
            actor=MAKE_BILLING_DOCUMENT,
            key=f"receipt:{event.originator_id}",
            payload={"kind": "receipt", "subject_id": str(event.originator_id)},
        )


DECIDERS = (
    (Document.Requested, when_a_document_is_requested_render_it),
    (Document.RegenerationRequested, when_a_document_is_requested_render_it),
    (Invoice.Issued, when_an_invoice_is_issued_make_its_pdf),
    (Payment.Recorded, when_a_payment_succeeds_make_its_receipt),
    (Payment.Succeeded, when_a_payment_succeeds_make_its_receipt),
)


def make_billing_document(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    """The invoice's PDF once it is issued, a receipt after each successful payment: one
    each (the document's id derives from the invoice or payment)."""
    kind, subject = job.payload["kind"], job.payload["subject_id"]
    app = runtime.stores["documents"]
    if kind == "invoice":
        invoice = load(runtime.stores["billing"], Invoice, UUID(subject), None)
        practice_id, case_id, person_id = invoice.practice_id, invoice.case_id, invoice.billed_to_id
        document_id = Document.invoice_document_id(subject)
        # The day it was issued in the practice's timezone, as staff and the payer count days.
        zone = ZoneInfo(load(runtime.stores.practice, Practice, invoice.practice_id, None).timezone)
        day = (invoice.issued_at or runtime.clock.now()).astimezone(zone).date()
    else:
        payment = load(runtime.stores["billing"], Payment, UUID(subject), None)
        practice_id, case_id, person_id = payment.practice_id, None, payment.payer_id
        document_id = Document.receipt_id(subject)
        day = date.fromisoformat(payment.received_on[:10])
    if document_id in app.repository:
        return "made-already"
    ctx = runtime.context(SERVICE, UUID(practice_id))
    document = Document.request(
        id=document_id, practice_id=practice_id, case_id=case_id, kind=DocumentKind(kind),
        person_id=person_id, period_start=day, period_end=day, origin="billing",
        subject_id=subject, by=SERVICE, at=ctx.now(),
    )  # fmt: skip
    try:
        save(app, document, result_of=document)
    except Conflict:
        return "made-concurrently"
    return "made"


def render_billing_files(engine: Any, document: Document, created: str) -> tuple[bytes, int]:
    sources = BillingSources(engine)
    practice = sources.practice(document.practice_id)
    payer = sources.payer(document.practice_id, document.person_id)
    if practice is None or payer is None:
        raise DomainError("The payer is no longer there.")
    identity = practice_identity(practice)
    if document.kind is DocumentKind.STATEMENT:
        start = date.fromisoformat(document.period_start)
        end = date.fromisoformat(document.period_end)
        zone = ZoneInfo(practice.get("timezone") or "UTC")
        statement = build_statement(
            sources.entries(document.practice_id, document.person_id, zone), start, end
        )
        pdf, _ = render_pdf(statement_html(statement, identity, payer, created))
        return pdf, len(statement.lines)
    if document.kind is DocumentKind.INVOICE:
        invoice = sources.invoice(document.practice_id, str(document.subject_id))
        if invoice is None:
            raise LookupError("the invoice is not in the ledger yet")  # retried
        footer = (practice.get("billing_identity") or {}).get("invoice_footer")
        clinicians = DocumentSources(engine).clinicians(sorted({
            ln[k] for ln in invoice["lines"] or []
            for k in ("rendering_provider_id", "supervising_provider_id") if ln.get(k)
        }))  # fmt: skip
        pdf, _ = render_pdf(invoice_html(invoice, identity, payer, footer, created, clinicians))
        return pdf, len(invoice["lines"] or [])
    receipt = sources.receipt(document.practice_id, str(document.subject_id))
    if receipt is None:
        raise LookupError("the payment is not in the ledger yet")  # retried
    pdf, _ = render_pdf(receipt_html(receipt, identity, payer, created))
    return pdf, len(receipt["allocation_list"])


def render_document_files(
    document: Document, inputs: DocumentInputs, created: str
) -> tuple[dict[str, bytes], int]:
    """The files of a document and how many service lines it holds. Pure apart from the
    PDF library: the same inputs give the same bytes."""
    start, end = date.fromisoformat(document.period_start), date.fromisoformat(document.period_end)
    psychotherapy = inputs.case_kind.is_psychotherapy
    if document.kind is DocumentKind.SUPERBILL:
        bill = build_superbill(
            inputs.practice, inputs.client, start, end, inputs.sessions, inputs.diagnoses,
            inputs.rules, psychotherapy,
            consultation_superbills=bool(inputs.settings.get("consultation_superbills")),
        )  # fmt: skip
        pdf, _ = render_pdf(superbill_html(bill, created))
        return {"document": pdf}, len(bill.lines)
    if document.kind is DocumentKind.CLAIM:
        if inputs.insurance is None:
            raise DomainError("The client has no insurance on file.")
        sessions = [
            s for s in inputs.sessions
            if start <= s.day <= end and (not s.person_ids or document.person_id in s.person_ids)
        ]  # fmt: skip
        listed = diagnosis_list(inputs.diagnoses, sessions, document.person_id)
        lines = service_lines(sessions, listed, inputs.rules)
        if not lines:
            raise DomainError("There is no completed session to claim in that period.")
        rule = SupervisorRule(inputs.settings.get("claim_supervisor_rule", "supervisor_in_17"))
        claim = build_claim(
            inputs.patient, inputs.insurance, inputs.provider, listed, lines, rule,
            date.fromisoformat(created[:10]),
        )  # fmt: skip
        dx = int(inputs.settings.get("claim_offset_x_points", 0))
        dy = int(inputs.settings.get("claim_offset_y_points", 0))
        form, _ = render_pdf(render_claim_html(claim, "form", created=created))
        data, _ = render_pdf(render_claim_html(claim, "data", dx, dy, created=created))
        return {"form": form, "data": data}, len(lines)
    raise DomainError(f"{document.kind.label} documents are rendered by billing.")


def render_document(runtime: Services, job: OutboxRow, **hooks: Any) -> str:
    app = runtime.stores["documents"]
    document = load(app, Document, UUID(job.payload["document_id"]), None)
    if not document.pending:
        return "rendered-already"
    ctx = runtime.context(SERVICE, UUID(document.practice_id))
    created = document.created_on.astimezone(UTC).isoformat(timespec="seconds")
    if document.kind in BILLING_KINDS:
        try:
            pdf, lines = render_billing_files(runtime.engine, document, created)
        except DomainError as refusal:
            document.record_failure(str(refusal), SERVICE, ctx.now())
            save(app, document, result_of=document)
            return "failed"
        return _store(runtime, app, document, {"document": pdf}, lines, ctx)
    inputs = DocumentSources(runtime.engine).inputs(
        document.practice_id, str(document.case_id), document.person_id,
        date.fromisoformat(document.period_start), date.fromisoformat(document.period_end),
    )  # fmt: skip
    if inputs is None:
        document.record_failure("The case or client is no longer there.", SERVICE, ctx.now())
        save(app, document, result_of=document)
        return "failed"
    try:
        files, lines = render_document_files(document, inputs, created)
    except DomainError as refusal:
        document.record_failure(str(refusal), SERVICE, ctx.now())
        save(app, document, result_of=document)
        return "failed"
    return _store(runtime, app, document, files, lines, ctx)


def _store(
    runtime: Services, app: Any, document: Document, files: dict[str, bytes], lines: int,
    ctx: Any,
) -> str:  # fmt: skip
    """Writes the files and records the rendering. ``created`` (above) is the moment the
    document was asked for, so a regeneration from unchanged inputs is byte-identical."""
    rendering = len(document.renderings) + 1
    store = runtime.document_files
    stored = {}
    for name, content in files.items():
        stored[name] = {**store.put(document.practice_id, str(document.id), rendering, name,
                                    content), "pages": _pages(content)}  # fmt: skip
    document.record_rendering(stored, TEMPLATE_VERSION, lines, SERVICE, ctx.now())
    try:
        save(app, document, result_of=document)
    except Conflict:
        return "rendered-concurrently"
    return f"rendered:{rendering}"


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def claim_preview(
    runtime: Services, document_id: str, rendering: str, offset_x: int, offset_y: int
) -> bytes:
    """A claim rendered now with the given offsets, not stored."""
    app = runtime.stores["documents"]
    document = load(app, Document, UUID(document_id), None)
    inputs = DocumentSources(runtime.engine).inputs(
        document.practice_id, str(document.case_id), document.person_id,
        date.fromisoformat(document.period_start), date.fromisoformat(document.period_end),
    )  # fmt: skip
    if inputs is None:
        raise DomainError("The case or client is no longer there.")
    settings = {**inputs.settings, "claim_offset_x_points": offset_x,
                "claim_offset_y_points": offset_y}  # fmt: skip
    created = document.created_on.astimezone(UTC).isoformat(timespec="seconds")
    files, _ = render_document_files(
        document, DocumentInputs(**{**inputs.__dict__, "settings": settings}), created
    )
    return files[rendering]
