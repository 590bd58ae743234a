"""Billing documents through the HTTP API: superbills and CMS-1500 claims rendered by the job,
downloaded, read back and checked box by box."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from practicerunner.adapters.pdf import first_page_png
from practicerunner.adapters.pdf.cms1500 import box_area
from practicerunner.domain.practice.roles import Role
from tests.support.documents import (
    ASSOCIATE_NPI,
    OWNER_NPI,
    PRACTICE_NPI,
    DocumentClinic,
    document_clinic,
    pdf_text,
    portal_headers,
    words_in,
)
from tests.support.problems import refusal

SCREENSHOTS = Path("var/screenshots")
NOV = datetime.fromisoformat("2026-11-02T15:00:00+00:00")  # Monday 10:00 in New York? (UTC)


@pytest.fixture
def dc(runtime, client, clock) -> DocumentClinic:
    return document_clinic(runtime, client, clock, "harbor-docs")


def test_a_superbill_lists_completed_sessions_with_codes_and_both_clinicians(dc) -> None:
    video = dc.session(NOV)
    office = dc.session(NOV + timedelta(days=7), location=dc.office_id)
    late = dc.session(NOV + timedelta(days=14), then="late-cancel")
    no_show = dc.session(NOV + timedelta(days=21), then="no-show")
    doc = dc.document("superbill", "2026-11-01", "2026-11-30")
    assert doc["status"] == "ready", doc
    assert doc["lines"] == 2
    (text,) = pdf_text(dc.pdf(doc["document_id"]))
    # Codes, places of service and modifiers.
    assert "90834" in text and "F41.1" in text
    assert " 10 " in text and " 11 " in text and " 95 " in text
    # The practice's and both clinicians' identifiers: the associate renders, the owner
    # (her default supervisor) supervises.
    for value in (PRACTICE_NPI, OWNER_NPI, ASSOCIATE_NPI, "12-3456789", "LCSW-A", "PhD"):
        assert value in text, value
    assert "supervised by" in text
    # The client's details.
    assert "Jane Doe" in text and "05/04/1990" in text and "5 Elm Street" in text
    # The late cancellation and the no-show never appear.
    assert "11/16/2026" not in text and "11/23/2026" not in text
    assert "11/02/2026" in text and "11/09/2026" in text
    assert {video, office, late, no_show}  # four sessions booked, two on the superbill
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "document-superbill.png").write_bytes(first_page_png(dc.pdf(doc["document_id"])))


def test_a_seven_line_claim_has_two_totalled_pages_and_boxes_in_place(dc, client) -> None:
    for week in range(7):
        dc.session(NOV + timedelta(days=week * 2))
    doc = dc.document("cms1500", "2026-11-01", "2026-11-30")
    assert doc["status"] == "ready", doc
    assert doc["files"]["form"]["pages"] == 2 and doc["files"]["data"]["pages"] == 2
    for rendering in ("form", "data"):
        pdf = dc.pdf(doc["document_id"], rendering)
        pages = pdf_text(pdf)
        assert len(pages) == 2
        # Six lines on the first page, one on the second; each page totalled.
        assert "1 OF 2" in pages[0] and "2 OF 2" in pages[1]
        assert words_in(pdf, 0, box_area("28_dollars")) == "6"
        assert words_in(pdf, 1, box_area("28_dollars")) == "1"
        assert "$" not in words_in(pdf, 0, box_area("28_dollars"))
        assert words_in(pdf, 0, box_area("2")).endswith("DOE, JANE")
        assert words_in(pdf, 0, box_area("24D", row=1)) == "90834"
        assert words_in(pdf, 0, box_area("24J", row=1)) == ASSOCIATE_NPI
        assert words_in(pdf, 0, box_area("21_icd")).endswith("0")
        assert words_in(pdf, 0, box_area("A")) == "F411"
        assert words_in(pdf, 0, box_area("33a")).endswith(PRACTICE_NPI)
        # The supervising clinician in 17 with qualifier DQ.
        assert words_in(pdf, 0, box_area("17_qualifier")).endswith("DQ")
        assert "OLIVE OWNER" in words_in(pdf, 0, box_area("17"))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"document-cms1500-{rendering}.png").write_bytes(first_page_png(pdf))


def test_claim_print_offsets_move_every_box_of_the_data_rendering(dc) -> None:
    dc.session(NOV)
    dc.ok("/practice/change-settings", {
        "group": "documents_forms",
        "values": {"claim_offset_x_points": 9, "claim_offset_y_points": -6},
    })  # fmt: skip
    doc = dc.document("cms1500", "2026-11-01", "2026-11-30")
    data = dc.pdf(doc["document_id"], "data")
    form = dc.pdf(doc["document_id"], "form")
    # The data moved by the offsets; the complete form is drawn where the boxes are.
    assert words_in(data, 0, box_area("2", dx=9, dy=-6)).endswith("DOE, JANE")
    assert words_in(data, 0, box_area("24D", row=1, dx=9, dy=-6)) == "90834"
    assert words_in(data, 0, box_area("24D", row=1)) != "90834"
    assert words_in(form, 0, box_area("24D", row=1)) == "90834"
    # A preview with other offsets, not stored.
    r = dc.clinic.get("owner", f"/documents/{doc['document_id']}/claim-preview?offset_x=-20")
    assert r.status_code == 200
    assert words_in(r.content, 0, box_area("24D", row=1, dx=-20)) == "90834"


def test_regenerating_unchanged_inputs_gives_the_same_bytes(dc) -> None:
    dc.session(NOV)
    doc = dc.document("superbill", "2026-11-01", "2026-11-30")
    first = hashlib.sha256(dc.pdf(doc["document_id"])).hexdigest()
    assert first == doc["files"]["document"]["sha256"]
    dc.ok(f"/documents/{doc['document_id']}/regenerate", {})
    dc.clinic.idle()
    again = dc.clinic.get("owner", f"/documents/{doc['document_id']}").json()
    assert again["rendering"] == 2
    assert hashlib.sha256(dc.pdf(doc["document_id"])).hexdigest() == first


def test_billing_staff_download_documents_and_schedulers_cannot(dc, runtime) -> None:
    dc.session(NOV)
    doc = dc.document("superbill", "2026-11-01", "2026-11-30")
    dc.clinic.hire("bill", Role.BILLING)
    dc.clinic.hire("sam", Role.SCHEDULER)
    assert dc.pdf(doc["document_id"], who="bill").startswith(b"%PDF")
    for path in (f"/documents/{doc['document_id']}/file", f"/cases/{dc.case_id}/documents"):
        r = dc.clinic.get("sam", path)
        assert r.status_code == 403
        assert r.json()["type"].endswith("/forbidden")
    # Every download is in the access log, naming the document and nothing personal.
    log = dc.clinic.get("owner", "/access-log").json()["items"]
    downloads = [e for e in log if e["resource_type"] == "document"]
    assert {e["actor_id"] for e in downloads} == {dc.clinic.staff["bill"]}
    assert all(e["resource_id"] == doc["document_id"] for e in downloads)


def test_refusals_name_their_reason_and_write_nothing(dc, runtime, client) -> None:
    dc.session(NOV)
    before = runtime.stores["documents"].recorder.max_notification_id() or 0

    def refused(body: dict, status: int, type_: str, reason: str | None = None) -> None:
        r = dc.clinic.post("owner", "/documents", {"case_id": dc.case_id, **body})
        assert r.status_code == status, r.text
        assert r.json()["type"].endswith("/" + type_)
        if reason:
            assert r.json()["reason"] == reason

    period = {"period_start": "2026-11-01", "period_end": "2026-11-30"}
    refused({"kind": "superbill", "period_start": "2026-11-30", "period_end": "2026-11-01"},
            422, "invalid-value")  # fmt: skip
    refused({"kind": "invoice", **period}, 422, "rule-violation", "document-kind-not-requestable")
    dc.ok(f"/people/{dc.person_id}/record-insurance", {"payer": None, "member_id": None})
    refused({"kind": "cms1500", **period}, 422, "rule-violation", "no-insurance-on-file")
    other = document_clinic(runtime, client, dc.clinic.clock, "other-docs")
    r = dc.clinic.post("owner", "/documents", {"case_id": other.case_id, "kind": "superbill",
                                                **period})  # fmt: skip
    assert r.status_code == 404 and r.json()["type"].endswith("/not-found")
    assert (runtime.stores["documents"].recorder.max_notification_id() or 0) == before
    # Another practice's document answers like an unknown one.
    doc = other.document("superbill", "2026-11-01", "2026-11-30")
    for path in (f"/documents/{doc['document_id']}", f"/documents/{doc['document_id']}/file"):
        r = dc.clinic.get("owner", path)
        assert r.status_code == 404 and r.json()["type"].endswith("/not-found")


def test_monthly_superbills_are_made_once_per_client_however_often_it_runs(dc, runtime) -> None:
    dc.ok("/practice/change-settings", {
        "group": "documents_forms",
        "values": {"monthly_superbills": True, "monthly_superbill_day": 3},
    })  # fmt: skip
    dc.session(NOV)
    dc.session(NOV + timedelta(days=7))
    clock = dc.clinic.clock
    clock.set(datetime.fromisoformat("2026-12-02T12:00:00+00:00"))
    dc.clinic.idle()
    assert dc.clinic.get("owner", f"/cases/{dc.case_id}/documents").json()["items"] == []
    clock.set(datetime.fromisoformat("2026-12-03T15:00:00+00:00"))
    dc.clinic.idle()
    clock.set(datetime.fromisoformat("2026-12-04T15:00:00+00:00"))
    dc.clinic.idle()
    runtime.engine.rebuild("documents")
    dc.clinic.idle()
    items = dc.clinic.get("owner", f"/cases/{dc.case_id}/documents").json()["items"]
    assert [(d["kind"], d["origin"], d["period_start"], d["lines"]) for d in items] == [
        ("superbill", "monthly", "2026-11-01", 2)
    ]


def test_a_statement_runs_from_opening_balance_to_the_ledger_s_balance(dc) -> None:
    clock, c = dc.clinic.clock, dc.clinic

    def invoice(cents: int, day: str) -> str:
        clock.set(datetime.fromisoformat(f"{day}T15:00:00+00:00"))
        made = c.ok("owner", "/invoices", {
            "case_id": dc.case_id,
            "lines": [{"description": "Assessment", "unit_fee_cents": cents}],
        })  # fmt: skip
        c.ok("owner", f"/invoices/{made['id']}/issue", {})
        return str(made["id"])

    def pay(invoice_id: str, cents: int, day: str, method: str) -> None:
        clock.set(datetime.fromisoformat(f"{day}T16:00:00+00:00"))
        c.ok("owner", "/payments", {
            "invoice_id": invoice_id, "method": method, "amount_cents": cents, "received_on": day,
        })  # fmt: skip

    first = invoice(20000, "2026-10-05")
    pay(first, 5000, "2026-10-20", "cash")
    invoice(12000, "2026-11-05")
    pay(first, 10000, "2026-11-10", "check")
    c.idle()
    doc = dc.document("statement", "2026-11-01", "2026-11-30")
    assert doc["status"] == "ready", doc
    assert doc["person_id"] == dc.person_id  # the case's only participant pays
    (text,) = pdf_text(dc.pdf(doc["document_id"]))
    rows = [line for line in text.splitlines() if re.match(r"\d\d/\d\d/\d{4} ", line)]
    assert rows == [
        "11/01/2026 Opening balance $150.00",
        "11/05/2026 Invoice #2 $120.00 $270.00",
        "11/10/2026 Check payment -$100.00 $170.00",
        "11/30/2026 Closing balance $170.00",
    ]
    ledger = c.get("owner", f"/ledger/payers/{dc.person_id}")
    assert ledger.status_code == 200, ledger.text
    assert ledger.json()["balance_cents"] == 17000
    # Each issued invoice has its PDF and each payment its receipt, made once.
    c.idle()
    mine = c.get("owner", f"/people/{dc.person_id}/documents").json()["items"]
    kinds = sorted(d["kind"] for d in mine if d["status"] == "ready")
    assert kinds == ["invoice", "invoice", "receipt", "receipt", "statement"]
    receipt = next(d for d in mine if d["kind"] == "receipt" and d["period_start"] == "2026-11-10")
    (text,) = pdf_text(dc.pdf(receipt["document_id"]))
    assert "Check payment" in text and "$100.00" in text and "Invoice #1" in text
    invoice_doc = next(d for d in mine if d["kind"] == "invoice")
    (text,) = pdf_text(dc.pdf(invoice_doc["document_id"]))
    assert "Assessment" in text and "Jane Doe" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for kind, d in (("statement", doc), ("receipt", receipt), ("invoice", invoice_doc)):
        (SCREENSHOTS / f"document-{kind}.png").write_bytes(first_page_png(dc.pdf(d["document_id"])))


def test_an_emailed_link_opens_the_document_after_portal_sign_in_until_it_expires(
    dc, runtime, client, smtp
) -> None:
    dc.session(NOV)
    doc = dc.document("superbill", "2026-11-01", "2026-11-30")
    sent = dc.ok(f"/documents/{doc['document_id']}/send", {})
    dc.clinic.idle()
    dc.clinic.idle()  # a redelivered job sends nothing more
    (mail,) = [m for m in smtp.messages if "jane.doe@example.com" in m.rcpt_tos]
    body = mail.message.get_body(("plain",)).get_content()
    # Nothing but the practice's name and the link: no names, amounts, codes or dates.
    for secret in ("Jane", "Doe", "F41.1", "90834", "$", "superbill", "Superbill"):
        assert secret not in body and secret not in mail.message["Subject"], secret
    link = next(w for w in body.split() if "/documents?link=" in w)
    token = link.split("link=", 1)[1]
    # The link alone opens nothing: it needs the portal sign-in of the person it went to.
    refusal(client.get(f"/portal/document-links/{token}"), 401, "unauthenticated")
    other = dc.ok("/people", {"given_name": "Sam", "family_name": "Other"})["id"]
    stranger = portal_headers(runtime, dc.clinic.tenant.practice_id, other)
    r = client.get(f"/portal/document-links/{token}", headers=stranger)
    refusal(r, 404, "not-found")
    jane = portal_headers(runtime, dc.clinic.tenant.practice_id, dc.person_id)
    opened = client.get(f"/portal/document-links/{token}", headers=jane)
    assert opened.status_code == 200, opened.text
    assert opened.json()["document_id"] == doc["document_id"]
    listed = client.get("/portal/documents", headers=jane).json()["items"]
    assert [d["document_id"] for d in listed] == [doc["document_id"]]
    pdf = client.get(f"/portal/documents/{doc['document_id']}/file", headers=jane)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # After a week the link has expired; the document stays in the portal's list.
    dc.clinic.clock.advance(timedelta(days=8))
    jane = portal_headers(runtime, dc.clinic.tenant.practice_id, dc.person_id)
    expired = client.get(f"/portal/document-links/{token}", headers=jane)
    assert expired.status_code == 410 and expired.json()["type"].endswith("/link-expired")
    assert client.get("/portal/documents", headers=jane).json()["items"]
    assert sent["id"] == doc["document_id"]
