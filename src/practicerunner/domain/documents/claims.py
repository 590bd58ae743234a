"""CMS-1500 (02/12) claim content, following the NUCC instructions: what goes in each box,
as text already formatted for the box (capitals, dates as the box asks, money split into
dollars and cents without dollar signs or punctuation).

A claim holds up to six service lines a page (24A-J); more lines go on further pages, and
each page is totalled on its own (box 28 on every page is that page's total), as the NUCC
instructions ask for claims that continue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from practicerunner.domain.documents.sessions import Clinician, Diagnosis, ServiceLine

LINES_PER_PAGE = 6
ICD_INDICATOR = "0"  # box 21: ICD-10-CM


class SupervisorRule(StrEnum):
    """Where a supervised session's clinicians go on a claim (payers differ)."""

    # The associate renders (24J); the supervisor is named in 17 with qualifier DQ.
    SUPERVISOR_IN_17 = "supervisor_in_17"
    # The supervisor is the rendering provider (24J, 31); the associate is not on the claim.
    SUPERVISOR_RENDERS = "supervisor_renders"


def money(cents: int) -> tuple[str, str]:
    """Dollars and cents for a money box: ``(\"1234\", \"50\")``, no ``$``, comma or point."""
    if cents < 0:
        raise ValueError("a claim amount is never negative")
    return str(cents // 100), f"{cents % 100:02d}"


def short_date(day: date) -> str:
    """24A: six digits with spaces, ``MM DD YY``."""
    return day.strftime("%m %d %y")


def long_date(day: date) -> str:
    """Boxes 3 and 11a: eight digits, ``MM DD YYYY``."""
    return day.strftime("%m %d %Y")


def person_name(family: str, given: str, middle: str | None = None) -> str:
    """Boxes 2 and 4: last name, first name, middle initial, separated by commas."""
    parts = [family.strip(), given.strip()]
    if middle and middle.strip():
        parts.append(middle.strip()[0])
    return ", ".join(parts).upper()


def upper(value: str | None) -> str:
    return (value or "").upper()


def address_lines(address: dict[str, str] | None) -> tuple[str, str, str, str]:
    """(street, city, state, ZIP) in capitals."""
    a = address or {}
    street = " ".join(p for p in (a.get("line1"), a.get("line2")) if p)
    return upper(street), upper(a.get("city")), upper(a.get("region")), upper(a.get("postal_code"))


@dataclass(frozen=True)
class Patient:
    family: str
    given: str
    middle: str | None
    birth_date: date | None
    address: dict[str, str] | None
    phone: str | None
    account_number: str


@dataclass(frozen=True)
class Insurance:
    payer: str
    member_id: str


@dataclass(frozen=True)
class BillingProvider:
    name: str
    address: dict[str, str] | None
    phone: str | None
    npi: str | None
    tax_id: str | None


@dataclass(frozen=True)
class ClaimLine:
    from_date: str
    to_date: str
    place: str
    cpt: str
    modifiers: tuple[str, ...]
    pointers: str
    dollars: str
    cents: str
    units: str
    rendering_npi: str


@dataclass(frozen=True)
class ClaimPage:
    number: int
    of: int
    lines: tuple[ClaimLine, ...]
    total_cents: int
    paid_cents: int

    @property
    def total(self) -> tuple[str, str]:
        return money(self.total_cents)

    @property
    def paid(self) -> tuple[str, str]:
        return money(self.paid_cents)


@dataclass(frozen=True)
class Claim:
    """Every box's text; the renderings place it."""

    boxes: dict[str, str]
    diagnoses: tuple[str, ...]  # A-L, claim codes
    pages: tuple[ClaimPage, ...]


def _clinicians(line: ServiceLine, rule: SupervisorRule) -> tuple[Clinician, Clinician | None]:
    """(rendering, named in 17) for a line."""
    if line.supervising is None:
        return line.rendering, None
    if rule == SupervisorRule.SUPERVISOR_RENDERS:
        return line.supervising, None
    return line.rendering, line.supervising


def build_claim(
    patient: Patient,
    insurance: Insurance,
    provider: BillingProvider,
    diagnoses: list[Diagnosis],
    lines: list[ServiceLine],
    rule: SupervisorRule,
    signed_on: date,
) -> Claim:
    if not lines:
        raise ValueError("a claim needs at least one service line")
    street, city, state, zip_code = address_lines(patient.address)
    p_street, p_city, p_state, p_zip = address_lines(provider.address)
    first_rendering, _ = _clinicians(lines[0], rule)
    # Box 17 is the claim's: the supervisor of its first supervised line (the DQ qualifier).
    first_named = next((n for n in (_clinicians(ln, rule)[1] for ln in lines) if n), None)
    facility = next(
        (ln for ln in lines if ln.place_of_service == "11" and ln.location_address), None
    )
    boxes: dict[str, str] = {
        "carrier_name": upper(insurance.payer),
        "1_group_health_plan": "X",
        "1a": upper(insurance.member_id),
        "2": person_name(patient.family, patient.given, patient.middle),
        "3_dob": long_date(patient.birth_date) if patient.birth_date else "",
        "4": person_name(patient.family, patient.given, patient.middle),
        "5_street": street,
        "5_city": city,
        "5_state": state,
        "5_zip": zip_code,
        "5_phone": upper(patient.phone),
        "6_self": "X",
        "7_street": street,
        "7_city": city,
        "7_state": state,
        "7_zip": zip_code,
        "10a_no": "X",
        "10b_no": "X",
        "10c_no": "X",
        "11c": upper(insurance.payer),
        "11d_no": "X",
        "12": "SIGNATURE ON FILE",
        "13": "SIGNATURE ON FILE",
        "17_qualifier": "DQ" if first_named else "",
        "17": upper(first_named.name) if first_named else "",
        "17b": first_named.npi or "" if first_named else "",
        "21_icd": ICD_INDICATOR,
        "25": (provider.tax_id or "").replace("-", ""),
        "25_ein": "X" if provider.tax_id else "",
        "26": upper(patient.account_number),
        "27_yes": "X",
        "31": upper(first_rendering.signature),
        "31_date": short_date(signed_on),
        "32_name": upper(facility.location_name) if facility else "",
        "32_street": address_lines(facility.location_address)[0] if facility else "",
        "32_city": (" ".join(address_lines(facility.location_address)[1:]) if facility else ""),
        "33_name": upper(provider.name),
        "33_street": p_street,
        "33_city": f"{p_city} {p_state} {p_zip}".strip(),
        "33_phone": upper(provider.phone),
        "33a": provider.npi or "",
    }
    claim_lines = []
    for line in lines:
        rendering, _ = _clinicians(line, rule)
        dollars, cents = money(line.charge_cents)
        claim_lines.append(
            ClaimLine(
                from_date=short_date(line.day),
                to_date=short_date(line.day),
                place=line.place_of_service,
                cpt=line.cpt,
                modifiers=line.modifiers,
                pointers="".join(line.pointers),
                dollars=dollars,
                cents=cents,
                units=str(line.units),
                rendering_npi=rendering.npi or "",
            )
        )
    chunks = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    pages = tuple(
        ClaimPage(
            number=n + 1,
            of=len(chunks),
            lines=tuple(claim_lines[n * LINES_PER_PAGE : n * LINES_PER_PAGE + len(chunk)]),
            total_cents=sum(ln.charge_cents for ln in chunk),
            paid_cents=sum(ln.paid_cents for ln in chunk),
        )
        for n, chunk in enumerate(chunks)
    )
    return Claim(boxes=boxes, diagnoses=tuple(d.claim_code for d in diagnoses), pages=pages)
