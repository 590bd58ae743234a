"""The HTML of each document kind, ready for ``render_pdf``."""

from __future__ import annotations

from datetime import date
from typing import Any

from practicerunner.adapters.pdf.render import render_template
from practicerunner.domain.documents.sessions import Clinician
from practicerunner.domain.documents.statement import Statement
from practicerunner.domain.documents.superbill import PracticeIdentity, Superbill


def superbill_html(bill: Superbill, created: str) -> str:
    clinicians = [
        {"signature": c.signature, "npi": c.npi, "license": c.license,
         "role": "supervising" if role == "supervising" else None}
        for c, role in bill.clinicians
    ]  # fmt: skip
    first = bill.lines[0].rendering.signature if bill.lines else bill.practice.name
    return render_template(
        "superbill.html",
        title="Superbill",
        created=created,
        heading="Superbill",
        subheading=f"Services from {bill.period_start:%B %-d, %Y} to {bill.period_end:%B %-d, %Y}",
        practice={
            "name": bill.practice.name,
            "address_lines": bill.practice.address_lines,
            "phone": bill.practice.phone,
            "tax_id": bill.practice.tax_id,
            "npi": bill.practice.npi,
        },
        client={
            "name": bill.client.name,
            "birth_date": f"{bill.client.birth_date:%m/%d/%Y}" if bill.client.birth_date else None,
            "address_lines": bill.client.address_lines,
        },
        insurance=bill.client.insurance,
        clinicians=clinicians,
        diagnoses=[
            {"code": d.code, "started_on": f"{d.started_on:%m/%d/%Y}"} for d in bill.diagnoses
        ],
        lines=[{**line.__dict__, "day": f"{line.day:%m/%d/%Y}"} for line in bill.lines],
        total_cents=bill.total_cents,
        paid_cents=bill.paid_cents,
        signer=first,
    )


def _practice(identity: PracticeIdentity) -> dict[str, Any]:
    return {
        "name": identity.name, "address_lines": identity.address_lines, "phone": identity.phone,
        "tax_id": identity.tax_id, "npi": identity.npi,
    }  # fmt: skip


def _us(day: str | None) -> str | None:
    return f"{date.fromisoformat(day[:10]):%m/%d/%Y}" if day else None


def statement_html(
    statement: Statement, practice: PracticeIdentity, payer: Any, created: str
) -> str:
    lines = [
        {"on": f"{ln.entry.on:%m/%d/%Y}", "description": ln.entry.description,
         "amount_cents": ln.entry.amount_cents, "balance_cents": ln.balance_cents}
        for ln in statement.lines
    ]  # fmt: skip
    return render_template(
        "statement.html",
        title="Statement",
        created=created,
        heading="Statement",
        subheading=f"{statement.period_start:%B %-d, %Y} to {statement.period_end:%B %-d, %Y}",
        practice=_practice(practice),
        payer={"name": payer.name, "address_lines": payer.address_lines},
        start=f"{statement.period_start:%m/%d/%Y}",
        end=f"{statement.period_end:%m/%d/%Y}",
        opening_cents=statement.opening_cents,
        closing_cents=statement.closing_cents,
        charges_cents=statement.total("charge", "void"),
        payments_cents=-statement.total("payment"),
        credits_cents=-statement.total("credit"),
        refunds_cents=statement.total("refund"),
        lines=lines,
    )


def invoice_html(
    invoice: dict[str, Any], practice: PracticeIdentity, payer: Any, footer: str | None,
    created: str, clinicians: dict[str, Clinician] | None = None,
) -> str:  # fmt: skip
    """``clinicians`` by staff id: each session line names its rendering clinician and, for
    supervised work, its supervising clinician (a fee for a missed session names nobody)."""
    known = clinicians or {}

    def signature(line: dict[str, Any], key: str) -> str | None:
        staff_id = line.get(key) if line.get("kind") == "session" else None
        return known[staff_id].signature if staff_id in known else None

    lines = [
        {"date": _us(ln.get("service_date")) or "", "description": ln["description"],
         "cpt": ln.get("cpt_code"), "units": ln.get("units", 1),
         "amount_cents": int(ln["amount_cents"]), "credited": bool(ln.get("credited")),
         "rendering": signature(ln, "rendering_provider_id"),
         "supervising": signature(ln, "supervising_provider_id")}
        for ln in invoice["lines"] or []
    ]  # fmt: skip
    return render_template(
        "invoice.html",
        title="Invoice",
        created=created,
        heading=f"Invoice {invoice['number']}",
        subheading="Consultation" if invoice["wording"] == "consultation" else "Therapy services",
        practice=_practice(practice),
        payer={"name": payer.name, "address_lines": payer.address_lines},
        number=invoice["number"],
        issued=_us(invoice.get("issued_at")),
        due=_us(invoice.get("due_on")),
        status=str(invoice["status"]).replace("_", " "),
        wording=invoice["wording"],
        lines=lines,
        credited_cents=int(invoice["credited_cents"]),
        total_cents=int(invoice["total_cents"]),
        paid_cents=int(invoice["paid_cents"]),
        balance_cents=int(invoice["balance_cents"]),
        footer=footer,
    )


def receipt_html(
    payment: dict[str, Any], practice: PracticeIdentity, payer: Any, created: str
) -> str:
    return render_template(
        "receipt.html",
        title="Receipt",
        created=created,
        heading="Receipt",
        subheading=f"Payment of {payment['received_on'][:10]}",
        practice=_practice(practice),
        payer={"name": payer.name, "address_lines": payer.address_lines},
        received=_us(payment["received_on"]),
        method=payment["method_name"],
        amount_cents=int(payment["amount_cents"]),
        refunded_cents=int(payment["refunded_cents"]),
        to_credit_cents=int(payment["to_credit_cents"]),
        allocations=payment["allocation_list"],
    )
