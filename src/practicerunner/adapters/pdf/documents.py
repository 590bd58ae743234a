"""The HTML of each document kind, ready for ``render_pdf``."""

from __future__ import annotations

from practicerunner.adapters.pdf.render import render_template
from practicerunner.domain.documents.superbill import Superbill


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
