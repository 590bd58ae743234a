"""A billing document of a case: what was asked for (kind, payer, period) and each rendering
of it (the files made, their SHA-256, the template version). A document is regenerable: a new
rendering is a new event, and the files of every rendering stay addressable by version.

The aggregate holds no personal data: the content lives in the rendered files, sealed at rest.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import InvalidValue, RuleViolation

MAX_PERIOD_DAYS = 400


class DocumentKind(StrEnum):
    SUPERBILL = "superbill"
    CLAIM = "cms1500"
    INVOICE = "invoice"
    RECEIPT = "receipt"
    STATEMENT = "statement"

    @property
    def label(self) -> str:
        return {
            "superbill": "Superbill",
            "cms1500": "CMS-1500 claim",
            "invoice": "Invoice",
            "receipt": "Receipt",
            "statement": "Statement",
        }[self.value]

    @property
    def files(self) -> tuple[str, ...]:
        """The renderings made for the kind: a claim has the complete form and the data
        for pre-printed red forms."""
        return ("form", "data") if self is DocumentKind.CLAIM else ("document",)


def period_must_be_sensible(start: date, end: date) -> None:
    if end < start:
        raise InvalidValue("The period ends before it starts.", field="period_end")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidValue(f"A document covers at most {MAX_PERIOD_DAYS} days.", field="period_end")


class Document(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        case_id: str | None,
        kind: str,
        person_id: str,
        period_start: str,
        period_end: str,
        origin: str,
        subject_id: str | None = None,
    ) -> None:
        self.practice_id = practice_id
        # The case it belongs to; a receipt or an invoice billed outside a case has none.
        self.case_id = case_id
        # The invoice of an invoice document, the payment of a receipt.
        self.subject_id = subject_id
        self.kind = DocumentKind(kind)
        # Whom the document is about: the client on a superbill or claim, the billing
        # contact on an invoice, receipt or statement.
        self.person_id = person_id
        self.period_start = period_start
        self.period_end = period_end
        self.origin = origin
        self.renderings: list[dict[str, Any]] = []
        self.pending = True
        self.failure: str | None = None
        self.sendings: dict[str, dict[str, str]] = {}  # sending id -> person, expires_at

    @staticmethod
    def invoice_document_id(invoice_id: str) -> UUID:
        """The one PDF document of an issued invoice (regenerated, never duplicated)."""
        return natural_id("invoice-document", invoice_id)

    @staticmethod
    def receipt_id(payment_id: str) -> UUID:
        """The one receipt of a payment."""
        return natural_id("receipt", payment_id)

    @staticmethod
    def monthly_id(practice_id: str, case_id: str, person_id: str, month: str) -> UUID:
        """The one monthly superbill of a client in a case for a month (``2026-11``)."""
        return natural_id("monthly-superbill", practice_id, case_id, person_id, month)

    class Requested(PracticeAggregate.Created):
        practice_id: str
        case_id: str | None
        kind: str
        person_id: str
        period_start: str
        period_end: str
        origin: str  # "staff", "monthly" or "payment"
        subject_id: str | None

    class RegenerationRequested(PracticeAggregate.Event):
        def apply(self, document: Document) -> None:
            document.pending = True
            document.failure = None

    class Rendered(PracticeAggregate.Event):
        rendering: int
        files: dict[str, dict[str, Any]]  # name -> sha256, size, pages
        template_version: str
        lines: int

        def apply(self, document: Document) -> None:
            document.pending = False
            document.failure = None
            document.renderings.append(
                {
                    "rendering": self.rendering,
                    "files": self.files,
                    "template_version": self.template_version,
                    "lines": self.lines,
                    "at": self.timestamp.isoformat(),
                }
            )

    class SentByEmail(PracticeAggregate.Event):
        """A secure link emailed to the person the document is for; it opens the document
        in the portal, after signing in, until ``expires_at``."""

        sending_id: str
        person_id: str
        expires_at: str

        def apply(self, document: Document) -> None:
            document.sendings = {
                **document.sendings,
                self.sending_id: {"person_id": self.person_id, "expires_at": self.expires_at},
            }

    class RenderingFailed(PracticeAggregate.Event):
        reason: str

        def apply(self, document: Document) -> None:
            document.pending = False
            document.failure = self.reason

    @classmethod
    def request(
        cls,
        *,
        id: UUID,
        practice_id: str,
        case_id: str | None,
        kind: DocumentKind,
        person_id: str,
        period_start: date,
        period_end: date,
        origin: str,
        by: Actor,
        at: datetime | None,
        subject_id: str | None = None,
    ) -> Document:
        period_must_be_sensible(period_start, period_end)
        return cls._start(
            cls.Requested,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            case_id=case_id,
            kind=DocumentKind(kind).value,
            person_id=person_id,
            period_start=period_start.isoformat(),
            period_end=period_end.isoformat(),
            origin=origin,
            subject_id=subject_id,
        )

    def regenerate(self, by: Actor, at: datetime | None) -> None:
        if self.pending:
            raise RuleViolation(
                "This document is being rendered already.", reason="document-pending"
            )
        self._happen(self.RegenerationRequested, by, at)

    def record_rendering(
        self,
        files: dict[str, dict[str, Any]],
        template_version: str,
        lines: int,
        by: Actor,
        at: datetime | None,
    ) -> bool:
        """False when nothing was waiting (a redelivered job): nothing is recorded twice."""
        if not self.pending:
            return False
        if set(files) != set(self.kind.files):
            raise ValueError(f"a {self.kind.value} is rendered as {self.kind.files}")
        self._happen(
            self.Rendered, by, at, rendering=len(self.renderings) + 1, files=files,
            template_version=template_version, lines=lines,
        )  # fmt: skip
        return True

    def record_failure(self, reason: str, by: Actor, at: datetime | None) -> bool:
        if not self.pending:
            return False
        self._happen(self.RenderingFailed, by, at, reason=reason)
        return True

    def send_by_email(
        self, sending_id: str, expires_at: datetime, by: Actor, at: datetime | None
    ) -> None:
        if not self.renderings:
            raise RuleViolation(
                "The document is not rendered yet; send it once it is ready.",
                reason="document-pending",
            )
        if sending_id in self.sendings:
            return  # a retried request
        self._happen(
            self.SentByEmail, by, at, sending_id=sending_id, person_id=self.person_id,
            expires_at=expires_at.isoformat(),
        )  # fmt: skip

    def link_open(self, sending_id: str, person_id: str, now: datetime) -> bool:
        sending = self.sendings.get(sending_id)
        return bool(
            sending
            and sending["person_id"] == person_id
            and datetime.fromisoformat(sending["expires_at"]) > now
        )

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.renderings[-1] if self.renderings else None
