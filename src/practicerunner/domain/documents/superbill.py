"""A superbill: the completed sessions of one client in a date range, with what an insurer
needs to reimburse the client out of network (dates, places of service, CPT with modifiers,
ICD-10 diagnoses with pointers, fees and amounts paid, the clinicians and the practice's
identifiers). Consultation and workshop cases are not psychotherapy and get none unless the
practice asks for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practicerunner.domain.documents.sessions import (
    Clinician,
    Diagnosis,
    DocumentRules,
    ServiceLine,
    Session,
    diagnosis_list,
    service_lines,
)
from practicerunner.domain.errors import RuleViolation


@dataclass(frozen=True)
class PracticeIdentity:
    name: str
    address: dict[str, str] | None
    phone: str | None
    tax_id: str | None
    npi: str | None

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address)


@dataclass(frozen=True)
class ClientDetails:
    person_id: str
    name: str
    birth_date: date | None
    address: dict[str, str] | None
    insurance: dict[str, str] | None = None

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address)


def address_lines(address: dict[str, str] | None) -> list[str]:
    if not address:
        return []
    a = address
    city = " ".join(p for p in (a.get("city"), a.get("region"), a.get("postal_code")) if p)
    return [p for p in (a.get("line1"), a.get("line2"), city) if p]


@dataclass(frozen=True)
class Superbill:
    practice: PracticeIdentity
    client: ClientDetails
    period_start: date
    period_end: date
    diagnoses: list[Diagnosis]
    lines: list[ServiceLine]

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(line.paid_cents for line in self.lines)

    @property
    def clinicians(self) -> list[tuple[Clinician, str]]:
        """Each clinician once: rendering ones first, then supervisors."""
        seen: dict[str, tuple[Clinician, str]] = {}
        for line in self.lines:
            seen.setdefault(line.rendering.signature, (line.rendering, "rendering"))
        for line in self.lines:
            if line.supervising:
                seen.setdefault(line.supervising.signature, (line.supervising, "supervising"))
        return list(seen.values())


def build_superbill(
    practice: PracticeIdentity,
    client: ClientDetails,
    period_start: date,
    period_end: date,
    sessions: list[Session],
    diagnoses: list[Diagnosis],
    rules: DocumentRules,
    psychotherapy: bool,
    consultation_superbills: bool = False,
) -> Superbill:
    if not psychotherapy and not consultation_superbills:
        raise RuleViolation(
            "Consultation and workshop cases get no superbill unless the practice's "
            "documents settings ask for them.",
            reason="no-superbill-for-consultation",
        )
    in_period = [
        s
        for s in sessions
        if period_start <= s.day <= period_end
        and (not s.person_ids or client.person_id in s.person_ids)
    ]
    listed = diagnosis_list(diagnoses, in_period, client.person_id) if psychotherapy else []
    return Superbill(
        practice=practice,
        client=client,
        period_start=period_start,
        period_end=period_end,
        diagnoses=listed,
        lines=service_lines(in_period, listed, rules),
    )
