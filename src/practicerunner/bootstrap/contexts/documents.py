"""The documents context: billing documents of a case (superbills and CMS-1500 claims now;
invoices, receipts and statements with billing), rendered by a job into sealed PDF files, and
the monthly superbills."""

from __future__ import annotations

from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.documents.documents import Document
from practicerunner.processes.documents import delivery, rendering
from practicerunner.processes.documents.monthly import make_monthly_superbills
from practicerunner.processes.jobs import JobKind
from practicerunner.projections.documents.documents import Documents
from practicerunner.projections.documents.statements import StatementEntries

CONTEXT = ContextDeclaration(
    name="documents",
    store="documents",
    aggregates=(Document,),
    projections=(Documents, StatementEntries),
    deciders=(
        *rendering.DECIDERS,
        (Document.SentByEmail, delivery.when_a_document_is_sent_email_its_link),
    ),
    job_kinds=(
        JobKind(rendering.RENDER_DOCUMENT, rendering.render_document, max_retries=3),
        JobKind(rendering.MAKE_BILLING_DOCUMENT, rendering.make_billing_document, max_retries=3),
        JobKind(delivery.SEND_DOCUMENT_LINK, delivery.send_document_link),
    ),
    due_checks=(make_monthly_superbills,),
    routers=("practicerunner.api.documents.documents", "practicerunner.api.documents.portal"),
)
