"""The portal's documents: what a signed-in person may download (documents of the cases where
their role includes billing access, and the statements, invoices and receipts billed to
them), and the emailed secure links, which open a document only after signing in, only for
the person it was sent to, and only until they expire."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from practicerunner.api.auth import PortalPrincipal, record_access, require_portal
from practicerunner.api.clients.case_access import portal_roles
from practicerunner.api.deps import runtime
from practicerunner.api.documents.documents import (
    PDF_ANSWER,
    DocumentList,
    document_queries,
    file_name,
    pdf_download,
)
from practicerunner.api.errors import ApiProblem
from practicerunner.api.scheduling.schemas import scheduling_read_models
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import load
from practicerunner.domain.documents.documents import Document, DocumentKind
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import PortalPermission, client_roles_may
from practicerunner.processes.documents.delivery import read_link
from practicerunner.projections.documents.documents import DocumentQueries
from practicerunner.projections.scheduling.queries import SchedulingReadModels

router = APIRouter(tags=["portal"])
PAYER_KINDS = frozenset({DocumentKind.STATEMENT, DocumentKind.INVOICE, DocumentKind.RECEIPT})


class DocumentLink(BaseModel):
    document_id: str


def _visible(
    principal: PortalPrincipal, rm: SchedulingReadModels, queries: DocumentQueries
) -> list[dict[str, Any]]:
    practice_id = str(principal.practice_id)
    roles = portal_roles(rm, practice_id, principal.person_id)
    billing_cases = sorted(
        c for c, r in roles.items() if client_roles_may(r, PortalPermission.BILLING_READ)
    )
    rows = {r["document_id"]: r for r in queries.of_cases(practice_id, billing_cases)}
    payers: dict[str, bool] = {}
    for row in queries.of_person(practice_id, principal.person_id):
        if DocumentKind(row["kind"]) in PAYER_KINDS:
            rows[row["document_id"]] = row
        elif row["case_id"]:
            # A superbill about them, in a case they pay for themselves (no other payer).
            if row["case_id"] not in payers:
                case = rm.case(practice_id, row["case_id"]) or {}
                payers[row["case_id"]] = case.get("billing_contact_id") in (
                    None, principal.person_id,
                )  # fmt: skip
            if payers[row["case_id"]]:
                rows[row["document_id"]] = row
    ready = [r for r in rows.values() if r["status"] == "ready"]
    return sorted(ready, key=lambda r: (r["requested_at"], r["document_id"]), reverse=True)


@router.get("/portal/documents", response_model=DocumentList)
def portal_documents(
    principal: PortalPrincipal = Depends(require_portal(PortalPermission.BILLING_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
) -> dict:
    """Superbills, statements, invoices and receipts the signed-in person may download."""
    return {
        "items": [
            {**r, "kind_label": DocumentKind(r["kind"]).label}
            for r in _visible(principal, rm, queries)
        ]
    }


@router.get("/portal/documents/{document_id}/file", response_class=Response, responses=PDF_ANSWER)
def portal_document_file(
    document_id: UUID,
    request: Request,
    principal: PortalPrincipal = Depends(require_portal(PortalPermission.BILLING_READ)),
    rm: SchedulingReadModels = Depends(scheduling_read_models),
    queries: DocumentQueries = Depends(document_queries),
    rt: Runtime = Depends(runtime),
) -> Response:
    row = next((r for r in _visible(principal, rm, queries)
                if r["document_id"] == str(document_id)), None)  # fmt: skip
    name = "form" if row and row["kind"] == DocumentKind.CLAIM.value else "document"
    content = (
        rt.document_files.get(str(principal.practice_id), str(document_id), row["rendering"], name)
        if row
        else None
    )
    if row is None or content is None:
        raise NotFound("No document with that id.")
    record_access(
        request, principal, category="billing", resource_type="document",
        resource_id=str(document_id), action="export",
    )  # fmt: skip
    return pdf_download(content, file_name(row))


@router.get("/portal/document-links/{token}", response_model=DocumentLink)
def open_document_link(
    token: str,
    principal: PortalPrincipal = Depends(require_portal(PortalPermission.BILLING_READ)),
    rt: Runtime = Depends(runtime),
) -> dict:
    """The document an emailed link opens, for the person it was sent to, until it expires
    (410 afterwards; the document itself stays in the portal's list)."""
    found = read_link(rt, token)
    if found is None:
        raise NotFound("No document with that link.")
    document_id, sending_id = found
    try:
        document = load(rt.stores["documents"], Document, document_id, principal.practice_id)
    except NotFound:
        raise NotFound("No document with that link.") from None
    if sending_id not in document.sendings or (
        document.sendings[sending_id]["person_id"] != principal.person_id
    ):
        raise NotFound("No document with that link.")
    if not document.link_open(sending_id, principal.person_id, rt.clock.now()):
        raise ApiProblem(
            410, "link-expired", "The link has expired",
            "This link has expired; the document is still in your portal's documents.",
        )  # fmt: skip
    return {"document_id": str(document_id)}
