"""Billing documents where billing and scheduling meet, through the HTTP API: fees for late
cancellations and no-shows charged on the invoice and the statement but never on a
superbill; an associate's invoice naming both clinicians; receipts and whole-account
statements, which belong to no case, kept to practice-wide roles and surviving a rebuild."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime, timedelta

import pytest

from practicerunner.domain.practice.roles import Role
from tests.support.documents import DocumentClinic, document_clinic, pdf_text, portal_headers
from tests.support.problems import refusal

NOV = datetime.fromisoformat("2026-11-02T15:00:00+00:00")
SIGNATURES = "Ada Member, LCSW-A; supervised by Olive Owner, PhD"


@pytest.fixture
def dc(runtime, client, clock) -> DocumentClinic:
    return document_clinic(runtime, client, clock, "harbor-fees")


def _issued_invoice(dc: DocumentClinic, appointment_ids: list[str], day: str) -> dict:
    dc.clinic.clock.set(datetime.fromisoformat(f"{day}T15:00:00+00:00"))
    made = dc.ok("/invoices", {"case_id": dc.case_id, "appointment_ids": appointment_ids})
    dc.ok(f"/invoices/{made['id']}/issue", {})
    dc.clinic.idle()
    r = dc.clinic.get("owner", f"/invoices/{made['id']}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_chargeable_late_cancellations_and_no_shows_are_charged_but_never_on_a_superbill(
    dc,
) -> None:
    dc.ok("/billing/settings", {"values": {"late_cancel_fee_cents": 7500,
                                           "no_show_fee_cents": 5000}})  # fmt: skip
    session = dc.session(NOV)
    late = dc.session(NOV + timedelta(days=14), then="late-cancel")
    no_show = dc.session(NOV + timedelta(days=21), then="no-show")
    invoice = _issued_invoice(dc, [session, late, no_show], "2026-11-25")
    charged = {ln["appointment_id"]: ln for ln in invoice["lines"]}
    assert charged[late]["kind"] == "late_cancel" and charged[late]["amount_cents"] == 7500
    assert charged[no_show]["kind"] == "no_show" and charged[no_show]["amount_cents"] == 5000
    assert charged[late]["cpt_code"] is None and charged[no_show]["cpt_code"] is None
    assert invoice["total_cents"] == 100 + 7500 + 5000, str(invoice)

    # The invoice's PDF charges both fees, on the days they were missed.
    mine = dc.clinic.get("owner", f"/people/{dc.person_id}/documents").json()["items"]
    invoice_doc = next(d for d in mine if d["kind"] == "invoice")
    text = _flat(pdf_text(dc.pdf(invoice_doc["document_id"]))[0])
    assert "11/16/2026 Late cancellation 1 $75.00" in text
    assert "11/23/2026 Missed appointment (no-show) 1 $50.00" in text
    assert "$126.00" in text

    # The statement carries the whole charge, fees included.
    statement = dc.document("statement", "2026-11-01", "2026-11-30")
    (text,) = pdf_text(dc.pdf(statement["document_id"]))
    rows = [line for line in text.splitlines() if re.match(r"\d\d/\d\d/\d{4} ", line)]
    assert rows == [
        "11/01/2026 Opening balance $0.00",
        f"11/25/2026 Invoice #{invoice['number']} $126.00 $126.00",
        "11/30/2026 Closing balance $126.00",
    ]

    # The superbill lists the one session: a fee is not a service an insurer reimburses.
    bill = dc.document("superbill", "2026-11-01", "2026-11-30")
    assert bill["status"] == "ready" and bill["lines"] == 1
    (text,) = pdf_text(dc.pdf(bill["document_id"]))
    assert "11/02/2026" in text
    for absent in ("11/16/2026", "11/23/2026", "Late cancellation", "no-show", "$75.00", "$50.00"):
        assert absent not in text, absent


def test_an_invoice_for_a_supervised_associate_s_session_names_both_clinicians(dc) -> None:
    # Professional plan: the owner is the associate's default supervisor, set nowhere else.
    session = dc.session(NOV)
    invoice = _issued_invoice(dc, [session], "2026-11-03")
    (line,) = invoice["lines"]
    assert line["rendering_provider_id"] == dc.associate
    assert line["supervising_provider_id"] == dc.clinic.owner_id
    mine = dc.clinic.get("owner", f"/people/{dc.person_id}/documents").json()["items"]
    invoice_doc = next(d for d in mine if d["kind"] == "invoice")
    text = _flat(pdf_text(dc.pdf(invoice_doc["document_id"]))[0])
    assert SIGNATURES in text
    # A session the owner renders herself is hers alone.
    own = dc.clinic.ok("owner", "/appointments", {
        "case_id": dc.case_id, "provider_id": dc.clinic.owner_id,
        "service_id": dc.clinic.service_id, "location_id": dc.clinic.location_id,
        "start": (NOV + timedelta(days=3)).isoformat(),
    })["id"]  # fmt: skip
    dc.clinic.clock.set(NOV + timedelta(days=3, hours=1))
    dc.ok(f"/appointments/{own}/complete", {})
    (line,) = _issued_invoice(dc, [own], "2026-11-06")["lines"]
    assert line["rendering_provider_id"] == dc.clinic.owner_id
    assert line["supervising_provider_id"] is None


def test_receipts_are_for_practice_wide_roles_and_survive_a_rebuild(dc, runtime, smtp) -> None:
    session = dc.session(NOV)
    invoice = _issued_invoice(dc, [session], "2026-11-03")
    dc.clinic.clock.set(datetime.fromisoformat("2026-11-04T15:00:00+00:00"))
    dc.ok("/payments", {"invoice_id": invoice["invoice_id"], "method": "check",
                        "amount_cents": 100, "received_on": "2026-11-04"})  # fmt: skip
    dc.clinic.idle()
    mine = dc.clinic.get("owner", f"/people/{dc.person_id}/documents").json()["items"]
    (receipt,) = [d for d in mine if d["kind"] == "receipt"]
    assert receipt["case_id"] is None and receipt["status"] == "ready"
    first = dc.pdf(receipt["document_id"])
    assert "Check payment" in pdf_text(first)[0]
    rid = receipt["document_id"]

    # The associate reaches the client's case, but a receipt belongs to no case.
    seen = dc.clinic.get("ada", f"/people/{dc.person_id}/documents").json()["items"]
    assert seen and rid not in {d["document_id"] for d in seen}
    refusal(dc.clinic.get("ada", f"/documents/{rid}"), 404, "not-found")
    refusal(dc.clinic.get("ada", f"/documents/{rid}/file"), 404, "not-found")
    refusal(dc.clinic.post("ada", f"/documents/{rid}/send", {}), 404, "not-found")
    refusal(dc.clinic.post("ada", f"/documents/{rid}/regenerate", {}), 404, "not-found")
    dc.clinic.hire("sam", Role.SCHEDULER)
    refusal(dc.clinic.get("sam", f"/people/{dc.person_id}/documents"), 403, "forbidden")

    # The owner emails it and makes it again; the bytes do not change.
    dc.ok(f"/documents/{rid}/send", {})
    dc.ok(f"/documents/{rid}/regenerate", {})
    dc.clinic.idle()
    assert [m for m in smtp.messages if "jane.doe@example.com" in m.rcpt_tos]
    again = dc.clinic.get("owner", f"/documents/{rid}").json()
    assert again["rendering"] == 2
    assert dc.pdf(rid) == first

    # The files are not a read model: a rebuild of the documents leaves them downloadable.
    runtime.engine.rebuild("documents")
    dc.clinic.idle()
    rebuilt = dc.clinic.get("owner", f"/documents/{rid}").json()
    assert rebuilt["files"]["document"]["sha256"] == hashlib.sha256(first).hexdigest()
    assert dc.pdf(rid) == first


def test_consultation_cases_get_no_superbill_or_claim_unless_the_practice_asks(dc) -> None:
    person = dc.ok("/people", {"given_name": "Cora", "family_name": "Vale",
                               "birth_date": "1980-02-03"})["id"]  # fmt: skip
    dc.ok(f"/people/{person}/record-insurance", {"payer": "Acme Health", "member_id": "A1"})
    case = dc.ok("/cases", {"kind": "individual_consultation", "participant_ids": [person],
                            "provider_ids": [dc.clinic.owner_id]})["id"]  # fmt: skip
    booked = dc.ok("/appointments", {
        "case_id": case, "provider_id": dc.clinic.owner_id, "service_id": dc.clinic.service_id,
        "location_id": dc.clinic.location_id, "start": NOV.isoformat(),
    })["id"]  # fmt: skip
    dc.clinic.clock.set(NOV + timedelta(hours=1))
    dc.ok(f"/appointments/{booked}/complete", {})
    period = {"case_id": case, "period_start": "2026-11-01", "period_end": "2026-11-30"}
    for kind in ("superbill", "cms1500"):
        body = refusal(dc.clinic.post("owner", "/documents", {"kind": kind, **period}), 422,
                       "rule-violation")  # fmt: skip
        assert body["reason"] == "no-superbill-for-consultation"
    # Invoices and statements are theirs as for any case.
    statement = dc.ok("/documents", {"kind": "statement", **period})
    dc.clinic.idle()
    assert dc.clinic.get("owner", f"/documents/{statement['id']}").json()["status"] == "ready"
    dc.ok("/practice/change-settings", {"group": "documents_forms",
                                        "values": {"consultation_superbills": True}})  # fmt: skip
    made = dc.ok("/documents", {"kind": "superbill", **period})
    dc.clinic.idle()
    bill = dc.clinic.get("owner", f"/documents/{made['id']}").json()
    assert (bill["status"], bill["lines"]) == ("ready", 1), bill
    assert "Cora Vale" in pdf_text(dc.pdf(made["id"]))[0]


def test_billing_staff_download_invoices_and_never_read_a_clinical_note(dc) -> None:
    session = dc.session(NOV)
    note = dc.clinic.written_note("ada", session, {"subjective": "Slept badly."})
    _issued_invoice(dc, [session], "2026-11-03")
    dc.clinic.hire("bill", Role.BILLING)
    mine = dc.clinic.get("bill", f"/people/{dc.person_id}/documents").json()["items"]
    invoice_doc = next(d for d in mine if d["kind"] == "invoice")
    assert "Therapy" in pdf_text(dc.pdf(invoice_doc["document_id"], who="bill"))[0]
    refusal(dc.clinic.get("bill", f"/notes/{note}"), 403, "forbidden")
    refusal(dc.clinic.get("bill", f"/appointments/{session}/note"), 403, "forbidden")


def test_every_pdf_download_is_an_attachment_no_cache_keeps_and_names_no_one(
    dc, runtime, client
) -> None:
    dc.session(NOV)
    claim = dc.document("cms1500", "2026-11-01", "2026-11-30")
    bill = dc.document("superbill", "2026-11-01", "2026-11-30")
    jane = portal_headers(runtime, dc.clinic.tenant.practice_id, dc.person_id)
    downloads = {
        "cms1500-2026-11-data.pdf": dc.clinic.get(
            "owner", f"/documents/{claim['document_id']}/file?rendering=data"
        ),
        "cms1500-preview-data.pdf": dc.clinic.get(
            "owner", f"/documents/{claim['document_id']}/claim-preview?offset_x=3"
        ),
        "superbill-2026-11.pdf": client.get(
            f"/portal/documents/{bill['document_id']}/file", headers=jane
        ),
    }
    for name, r in downloads.items():
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
        assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
        assert r.headers["cache-control"] == "no-store"


def test_a_payer_s_whole_account_statement_spans_every_case_they_pay_for(dc) -> None:
    """A parent pays for two children's cases: one statement from the parent's page holds
    both, for the owner and billing staff; a clinician of one case is refused."""
    c = dc.clinic
    parent = dc.ok("/people", {"given_name": "Pat", "family_name": "Rowe",
                               "contact_type": "contact"})["id"]  # fmt: skip
    cases = []
    for child in ("Ivy", "Max"):
        kid = dc.ok("/people", {"given_name": child, "family_name": "Rowe",
                                "birth_date": "2014-03-02"})["id"]  # fmt: skip
        cases.append(dc.ok("/cases", {
            "kind": "individual", "participant_ids": [kid], "provider_ids": [dc.associate],
            "billing_contact_id": parent,
        })["id"])  # fmt: skip
    c.idle()
    for number, (case_id, cents) in enumerate(zip(cases, (9000, 7000), strict=True), start=1):
        c.clock.set(datetime.fromisoformat(f"2026-11-0{number + 2}T15:00:00+00:00"))
        made = dc.ok(
            "/invoices",
            {"case_id": case_id, "lines": [{"description": "Session", "unit_fee_cents": cents}]},
        )
        dc.ok(f"/invoices/{made['id']}/issue", {})
    c.clock.set(datetime.fromisoformat("2026-11-06T15:00:00+00:00"))
    dc.ok("/payments", {"payer_id": parent, "method": "check", "amount_cents": 4000,
                        "received_on": "2026-11-06"})  # fmt: skip
    c.idle()

    c.hire("bo", Role.BILLING)
    made = c.ok(
        "bo",
        f"/people/{parent}/statements",
        {"period_start": "2026-11-01", "period_end": "2026-11-30"},
    )
    c.idle()
    doc = c.get("bo", f"/documents/{made['id']}").json()
    assert doc["status"] == "ready" and doc["case_id"] is None and doc["person_id"] == parent
    (text,) = pdf_text(dc.pdf(doc["document_id"], who="bo"))
    rows = [line for line in text.splitlines() if re.match(r"\d\d/\d\d/\d{4} ", line)]
    assert rows == [
        "11/01/2026 Opening balance $0.00",
        "11/03/2026 Invoice #1 $90.00 $90.00",
        "11/04/2026 Invoice #2 $70.00 $160.00",
        "11/06/2026 Check payment -$40.00 $120.00",
        "11/30/2026 Closing balance $120.00",
    ]
    assert c.get("owner", f"/ledger/payers/{parent}").json()["balance_cents"] == 12000
    listed = c.get("owner", f"/people/{parent}/documents").json()["items"]
    assert doc["document_id"] in {d["document_id"] for d in listed}

    # The associate serves both children, but a payer's whole account is practice-wide.
    body = {"period_start": "2026-11-01", "period_end": "2026-11-30"}
    refusal(c.post("ada", f"/people/{parent}/statements", body), 403, "forbidden")
    # Bad input changes nothing; another practice's person answers like an unknown one.
    backwards = {"period_start": "2026-11-30", "period_end": "2026-11-01"}
    refusal(c.post("owner", f"/people/{parent}/statements", backwards), 422, "invalid-value")
    refusal(c.post("owner", f"/people/{uuid.uuid4()}/statements", body), 404, "not-found")
    after = c.get("owner", f"/people/{parent}/documents").json()["items"]
    assert len(after) == len(listed)


def test_documents_date_the_evening_s_invoice_by_the_practice_s_day_not_utc_s(dc) -> None:
    """Issued at 9.30 pm in Portland, Maine (02:30 UTC the next day): the invoice's PDF and
    the statement date it the day it was in the practice; a payment keeps the day given."""
    c = dc.clinic
    c.clock.set(datetime.fromisoformat("2026-11-13T02:30:00+00:00"))  # Nov 12, 9.30 pm local
    made = dc.ok(
        "/invoices",
        {"case_id": dc.case_id, "lines": [{"description": "Session", "unit_fee_cents": 8000}]},
    )
    dc.ok(f"/invoices/{made['id']}/issue", {})
    c.clock.set(datetime.fromisoformat("2026-11-13T15:00:00+00:00"))  # the next day, local
    dc.ok("/payments", {"invoice_id": made["id"], "method": "cash", "amount_cents": 3000,
                        "received_on": "2026-11-13"})  # fmt: skip
    c.idle()
    mine = c.get("owner", f"/people/{dc.person_id}/documents").json()["items"]
    (invoice_doc,) = [d for d in mine if d["kind"] == "invoice"]
    assert invoice_doc["period_start"] == "2026-11-12"
    doc = dc.document("statement", "2026-11-12", "2026-11-12")
    (text,) = pdf_text(dc.pdf(doc["document_id"]))
    rows = [line for line in text.splitlines() if re.match(r"\d\d/\d\d/\d{4} ", line)]
    assert rows == [
        "11/12/2026 Opening balance $0.00",
        "11/12/2026 Invoice #1 $80.00 $80.00",
        "11/12/2026 Closing balance $80.00",
    ]
    doc = dc.document("statement", "2026-11-13", "2026-11-13")
    (text,) = pdf_text(dc.pdf(doc["document_id"]))
    assert "11/13/2026 Cash payment -$30.00 $50.00" in text
