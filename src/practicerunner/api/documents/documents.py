"""Billing documents of a case: ask for a superbill or a CMS-1500 claim, list a case's
documents, download a rendering, preview a claim's print data with other offsets, and make a
new rendering. Every download is written to the access log; file names carry no names."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from practicerunner.adapters.pdf.cms1500 import MAX_OFFSET_POINTS
from practicerunner.api.auth import Principal, record_access, require
from practicerunner.api.clients.case_access import (
    case_access_or_404,
    case_guard,
    person_access_or_404,
    scope_of,
)
from practicerunner.api.deps import consistent_with, runtime
from practicerunner.api.routing import command_route
from practicerunner.api.scheduling.schemas import scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.documents import documents as cmd
from practicerunner.domain.documents.documents import DocumentKind
from practicerunner.domain.errors import NotFound, RuleViolation
from practicerunner.domain.identity.permissions import Permission
from practicerunner.processes.documents.rendering import claim_preview
from practicerunner.projections.documents.documents import DocumentQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["documents"])
READ, MANAGE = Permission.DOCUMENTS_READ, Permission.DOCUMENTS_MANAGE
Rendering = Literal["document", "form", "data"]


class DocumentFile(BaseModel):
    sha256: str
    size: int
    pages: int


class DocumentView(BaseModel):
    document_id: str
    case_id: str | None
    subject_id: str | None
    kind: DocumentKind
    kind_label: str
    person_id: str
    period_start: str
    period_end: str
    origin: str
    status: Literal["pending", "ready", "failed"]
    rendering: int
    files: dict[str, DocumentFile]
    lines: int
    failure: str | None
    requested_at: str
    rendered_at: str | None
    version: int


class DocumentList(BaseModel):
    items: list[DocumentView]


def document_queries(rt: Runtime = Depends(runtime)) -> DocumentQueries:
    return DocumentQueries(rt.engine)


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "kind_label": DocumentKind(row["kind"]).label}


def _document_or_404(
    principal: Principal, rm: SchedulingReadModels, queries: DocumentQueries, document_id: str
) -> dict[str, Any]:
    row = queries.document(str(principal.practice_id), document_id)
    if row is None:
        raise NotFound("No document with that id.")
    try:
        if row["case_id"]:
            case_access_or_404(principal, rm, row["case_id"])
        elif scope_of(principal) is not None:
            # A receipt belongs to no case: for practice-wide roles (owner, billing) only.
            raise NotFound("No document with that id.")
    except NotFound:
        raise NotFound("No document with that id.") from None
    return row


@router.get("/cases/{case_id}/documents", response_model=DocumentList)
def case_documents(
    case_id: UUID,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    _: None = Depends(consistent_with("documents")),
) -> dict:
    """The case's documents, newest first (what they are, not what they say)."""
    case_access_or_404(principal, rm, str(case_id))
    rows = queries.of_cases(str(principal.practice_id), [str(case_id)])
    return {"items": [_view(r) for r in rows]}


@router.get("/people/{person_id}/documents", response_model=DocumentList)
def person_documents(
    person_id: UUID,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    _: None = Depends(consistent_with("documents")),
) -> dict:
    """The documents about a person or billed to them (their statements, invoices and
    receipts), newest first, as far as the caller reaches their cases."""
    if rm.person(str(principal.practice_id), str(person_id)) is None:
        raise NotFound("No person with that id.")
    person_access_or_404(principal, rm, str(person_id))
    rows = []
    for row in queries.of_person(str(principal.practice_id), str(person_id)):
        try:
            rows.append(_document_or_404(principal, rm, queries, row["document_id"]))
        except NotFound:
            continue
    return {"items": [_view(r) for r in rows]}


@router.get("/documents/{document_id}", response_model=DocumentView)
def get_document(
    document_id: UUID,
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    _: None = Depends(consistent_with("documents")),
) -> dict:
    return _view(_document_or_404(principal, rm, queries, str(document_id)))


PDF_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF."}
}


def pdf_download(content: bytes, name: str) -> Response:
    """A PDF to save, never kept by a cache (it may hold a client's details); ``name``
    names the kind and period, never a person."""
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}.pdf"',
            "Cache-Control": "no-store",
        },
    )


def file_name(row: dict[str, Any], rendering: str = "document") -> str:
    suffix = "" if rendering == "document" else f"-{rendering}"
    return f"{row['kind']}-{row['period_start'][:7]}{suffix}"


@router.get("/documents/{document_id}/file", response_class=Response, responses=PDF_ANSWER)
def download_document(
    document_id: UUID,
    request: Request,
    rendering: Rendering = Query(
        default="document", description="a claim has `form` (complete) and `data` (red forms)"
    ),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("documents")),
) -> Response:
    """The latest rendering's PDF."""
    row = _document_or_404(principal, rm, queries, str(document_id))
    if row["status"] == "pending" and not row["rendering"]:
        raise RuleViolation("The document is still being rendered.", reason="document-pending")
    if rendering not in row["files"]:
        raise NotFound(f"This document has no '{rendering}' rendering.")
    content = rt.document_files.get(
        str(principal.practice_id), str(document_id), row["rendering"], rendering
    )
    if content is None:
        raise NotFound("No document with that id.")
    record_access(
        request, principal, category="billing", resource_type="document",
        resource_id=str(document_id), action="export",
    )  # fmt: skip
    return pdf_download(content, file_name(row, rendering))


@router.get("/documents/{document_id}/claim-preview", response_class=Response, responses=PDF_ANSWER)
def preview_claim(
    document_id: UUID,
    request: Request,
    offset_x: int = Query(default=0, ge=-MAX_OFFSET_POINTS, le=MAX_OFFSET_POINTS),
    offset_y: int = Query(default=0, ge=-MAX_OFFSET_POINTS, le=MAX_OFFSET_POINTS),
    rendering: Literal["form", "data"] = Query(default="data"),
    principal: Principal = Depends(require(READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    rt: Runtime = Depends(runtime),
    _: None = Depends(consistent_with("documents")),
) -> Response:
    """A claim's print data moved by other offsets (points; positive is right and down), to
    line it up with a printer before saving the offsets in the documents settings."""
    row = _document_or_404(principal, rm, queries, str(document_id))
    if row["kind"] != DocumentKind.CLAIM.value:
        raise RuleViolation("Only a claim has a print preview.", reason="not-a-claim")
    content = claim_preview(rt, str(document_id), rendering, offset_x, offset_y)
    record_access(
        request, principal, category="billing", resource_type="document",
        resource_id=str(document_id),
    )  # fmt: skip
    return pdf_download(content, f"cms1500-preview-{rendering}")


command_route(
    router, "/documents", cmd.request_document, cmd.RequestDocument, MANAGE,
    status_code=201, versioned=False, guard=case_guard,
    summary="Ask for a superbill or CMS-1500 claim of a case (rendered in the background)",
)  # fmt: skip


command_route(
    router, "/people/{person_id}/statements", cmd.request_statement, cmd.RequestStatement,
    MANAGE, path_param="person_id", status_code=201, versioned=False, guard=case_guard,
    location="/documents/{id}",
    summary="Ask for a statement of a payer's whole account, over every case they pay for "
    "(owner and billing staff; rendered in the background)",
)  # fmt: skip


def document_guard(request: Request, principal: Principal, values: dict[str, Any]) -> None:
    rt: Runtime = request.app.state.runtime
    _document_or_404(
        principal, SchedulingReadModels(rt.engine), DocumentQueries(rt.engine),
        str(values["document_id"]),
    )  # fmt: skip


command_route(
    router, "/documents/{document_id}/send", cmd.send_document, cmd.SendDocument, MANAGE,
    path_param="document_id", versioned=False, guard=document_guard,
    summary="Email the person it is for a secure link to it (a week; opens after portal sign-in)",
)  # fmt: skip
command_route(
    router, "/documents/{document_id}/regenerate", cmd.regenerate_document,
    cmd.RegenerateDocument, MANAGE, path_param="document_id", versioned=False,
    guard=document_guard,
    summary="Render the document again from what is on file now",
)  # fmt: skip
