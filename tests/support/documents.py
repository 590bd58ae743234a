"""A practice ready for billing documents: its billing identity and address, an owner and an
associate with credentials, an office and a video location, and a client with birth date,
address, insurance and a diagnosis; sessions are booked and completed through the HTTP API.
PDFs are read back with pypdf (text) and pdfplumber (positions)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pdfplumber
from pypdf import PdfReader

from practicerunner.commands.practice import catalog, practice, staff
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Plan, Role
from tests.support.clinical import Clinic, open_clinic


def valid_npi(first_nine: str) -> str:
    """An NPI with its Luhn check digit (computed over the prefix 80840)."""
    digits = [int(c) for c in "80840" + first_nine]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return first_nine + str((10 - total % 10) % 10)


PRACTICE_NPI = valid_npi("123456789")
OWNER_NPI = valid_npi("145678901")
ASSOCIATE_NPI = valid_npi("198765432")


@dataclass
class DocumentClinic:
    clinic: Clinic
    associate: str
    office_id: str
    person_id: str
    case_id: str

    def ok(self, path: str, body: Any = None, who: str = "owner") -> dict[str, Any]:
        return self.clinic.ok(who, path, body)

    def session(self, start: datetime, location: str | None = None, then: str = "complete",
                **extra: Any) -> str:  # fmt: skip
        """Books a session of the associate's client at ``start`` and completes it (or
        cancels it late, or marks a no-show) once the clock has passed it."""
        c = self.clinic
        booked = c.ok("owner", "/appointments", {
            "case_id": self.case_id, "provider_id": self.associate,
            "service_id": c.service_id, "location_id": location or c.location_id,
            "start": start.isoformat(), **extra,
        })  # fmt: skip
        if then == "late-cancel":
            c.clock.set(start - timedelta(hours=2))
            c.ok("owner", f"/appointments/{booked['id']}/cancel", {"by": "client"})
        elif then == "no-show":
            c.clock.set(start + timedelta(hours=1))
            c.ok("owner", f"/appointments/{booked['id']}/mark-no-show", {})
        else:
            c.clock.set(start + timedelta(hours=1))
            c.ok("owner", f"/appointments/{booked['id']}/complete", {})
        return str(booked["id"])

    def document(self, kind: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
        """Asks for a document, lets the job render it, and returns its view."""
        made = self.ok("/documents", {
            "case_id": self.case_id, "kind": kind, "period_start": start, "period_end": end,
            **extra,
        })  # fmt: skip
        self.clinic.idle()
        r = self.clinic.get("owner", f"/documents/{made['id']}")
        assert r.status_code == 200, r.text
        return dict(r.json())

    def pdf(self, document_id: str, rendering: str = "document", who: str = "owner") -> bytes:
        r = self.clinic.get(who, f"/documents/{document_id}/file?rendering={rendering}")
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf"
        return bytes(r.content)


def document_clinic(rt: Any, client: Any, clock: Any, slug: str) -> DocumentClinic:
    clock.set(datetime.fromisoformat("2026-11-01T12:00:00+00:00"))
    clinic = open_clinic(rt, client, clock, Plan.PROFESSIONAL, slug)
    ctx = rt.context(Actor(clinic.owner_id), clinic.tenant.practice_id)
    address = practice.Address(
        line1="400 Harbor Street", city="Portland", region="ME", postal_code="04101", country="US"
    )
    practice.change_practice_address(practice.ChangePracticeAddress(address=address), ctx)
    practice.change_billing_identity(
        practice.ChangeBillingIdentity(
            legal_name="Harbor Counseling LLC", tax_id="12-3456789", npi=PRACTICE_NPI
        ),
        ctx,
    )
    office = catalog.add_location(
        catalog.AddLocation(name="Harbor office", session_format="in_person", address=address),
        ctx,
    )
    staff.set_provider_credentials(
        staff.SetProviderCredentials(
            staff_id=clinic.owner_id,
            npi=OWNER_NPI,
            license_number="PSY1234",
            license_state="ME",
            credentials="PhD",
        ),
        ctx,
    )
    associate = clinic.hire("ada", Role.ASSOCIATE)
    staff.set_provider_credentials(
        staff.SetProviderCredentials(
            staff_id=associate,
            npi=ASSOCIATE_NPI,
            license_number="LCSW-A 77",
            license_state="ME",
            credentials="LCSW-A",
        ),
        ctx,
    )
    rt.settle()
    person = clinic.ok("owner", "/people", {
        "given_name": "Jane", "family_name": "Doe", "birth_date": "1990-05-04",
        "address": {"line1": "5 Elm Street", "city": "Portland", "region": "ME",
                    "postal_code": "04102", "country": "US"},
        "phones": [{"number": "207-555-0142", "primary": True}],
        "emails": [{"address": "jane.doe@example.com", "primary": True}],
    })["id"]  # fmt: skip
    clinic.ok("owner", f"/people/{person}/record-insurance",
              {"payer": "Acme Health", "member_id": "ACM998877"})  # fmt: skip
    case = clinic.ok("owner", "/cases", {
        "kind": "individual", "participant_ids": [person], "provider_ids": [associate],
    })["id"]  # fmt: skip
    clinic.idle()
    clinic.ok("owner", f"/cases/{case}/clinical-record/diagnoses",
              {"person_id": person, "code": "F41.1", "started_on": "2026-01-15"})  # fmt: skip
    return DocumentClinic(clinic, associate, str(office.id), str(person), str(case))


def portal_headers(rt: Any, practice_id: Any, person_id: str) -> dict[str, str]:
    token, _ = rt.sessions.start(
        kind="portal", practice_id=str(practice_id), subject_id=person_id,
        method="test", idle_timeout=timedelta(minutes=15), lifetime=timedelta(hours=12),
        now=rt.clock.now(),
    )  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def words_in(pdf: bytes, page: int, area: tuple[float, float, float, float]) -> str:
    """The data printed inside ``area`` (x0, top, x1, bottom in points) of a page: text at
    10 pt, leaving out the complete form's small printed labels."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[page]
        words = [
            w
            for w in p.extract_words(keep_blank_chars=True, extra_attrs=["size"])
            if w["size"] >= 9.5
        ]
    x0, top, x1, bottom = area
    inside = [
        w["text"] for w in words
        if w["x0"] >= x0 - 0.5 and w["x1"] <= x1 + 0.5 and w["top"] >= top - 0.5
        and w["bottom"] <= bottom + 0.5
    ]  # fmt: skip
    return " ".join(inside)
