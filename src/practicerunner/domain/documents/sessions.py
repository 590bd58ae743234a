"""What a billing document says about one session: the rules shared by superbills and
CMS-1500 claims (which sessions appear, place of service, modifiers, diagnosis pointers).

Only completed sessions appear. A late cancellation or a no-show may be charged to the client
by the practice's policy, but it is not a service an insurer reimburses: it never appears on a
superbill or a claim. Planned absences and cancellations never do either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# CMS place-of-service codes: 11 office; 10 telehealth in the patient's home; 02 telehealth
# provided other than in the patient's home.
OFFICE = "11"
TELEHEALTH_PLACES = frozenset({"02", "10"})
# Modifier 95: synchronous audio-video telemedicine; 93: audio-only.
VIDEO_MODIFIER, AUDIO_MODIFIER = "95", "93"
POINTER_LETTERS = "ABCDEFGHIJKL"
MAX_POINTERS_PER_LINE = 4


@dataclass(frozen=True)
class Clinician:
    name: str
    credentials: str | None = None
    npi: str | None = None
    license: str | None = None
    taxonomy: str | None = None

    @property
    def signature(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class Diagnosis:
    code: str
    person_id: str
    started_on: date
    ended_on: date | None = None

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    @property
    def claim_code(self) -> str:
        """ICD-10-CM as a claim carries it: no decimal point."""
        return self.code.replace(".", "").upper()


@dataclass(frozen=True)
class Session:
    """A session as the schedule records it, with the names and numbers a document needs."""

    appointment_id: str
    day: date  # the date of service in the practice's timezone
    status: str
    session_format: str  # in_person, video, phone
    cpt: str | None
    fee_cents: int
    rendering: Clinician
    supervising: Clinician | None = None
    person_ids: tuple[str, ...] = ()
    paid_cents: int = 0
    location_name: str | None = None
    location_address: dict[str, str] | None = None


@dataclass(frozen=True)
class DocumentRules:
    """The practice's settings that shape a document."""

    telehealth_place_of_service: str = "10"
    telehealth_modifiers: bool = True


@dataclass(frozen=True)
class ServiceLine:
    appointment_id: str
    day: date
    place_of_service: str
    cpt: str
    modifiers: tuple[str, ...]
    units: int
    charge_cents: int
    paid_cents: int
    pointers: tuple[str, ...]
    rendering: Clinician
    supervising: Clinician | None
    location_name: str | None = None
    location_address: dict[str, str] | None = None
    diagnosis_codes: tuple[str, ...] = field(default=())


def billable(session: Session) -> bool:
    return session.status == "completed" and bool(session.cpt)


def place_of_service(session_format: str, rules: DocumentRules) -> str:
    if session_format == "in_person":
        return OFFICE
    if rules.telehealth_place_of_service not in TELEHEALTH_PLACES:
        raise ValueError("a telehealth place of service is 02 or 10")
    return rules.telehealth_place_of_service


def modifiers(session_format: str, rules: DocumentRules) -> tuple[str, ...]:
    if not rules.telehealth_modifiers or session_format == "in_person":
        return ()
    return (VIDEO_MODIFIER,) if session_format == "video" else (AUDIO_MODIFIER,)


def diagnosis_list(
    diagnoses: list[Diagnosis], sessions: list[Session], person_id: str | None
) -> list[Diagnosis]:
    """The diagnoses a document lists (at most twelve, A to L): those of the person active on
    any billable session's date, in the order they were made, one per code."""
    days = [s.day for s in sessions if billable(s)]
    seen: dict[str, Diagnosis] = {}
    for d in sorted(diagnoses, key=lambda d: (d.started_on, d.code)):
        if person_id is not None and d.person_id != person_id:
            continue
        if any(d.active_on(day) for day in days) and d.claim_code not in seen:
            seen[d.claim_code] = d
    return list(seen.values())[: len(POINTER_LETTERS)]


def service_lines(
    sessions: list[Session], diagnoses: list[Diagnosis], rules: DocumentRules
) -> list[ServiceLine]:
    """One line per billable session, in date order, with pointers (up to four) to the
    listed diagnoses active on its date."""
    letters = {d.claim_code: POINTER_LETTERS[i] for i, d in enumerate(diagnoses)}
    lines = []
    for s in sorted((s for s in sessions if billable(s)), key=lambda s: (s.day, s.appointment_id)):
        active = [d for d in diagnoses if d.active_on(s.day)]
        lines.append(
            ServiceLine(
                appointment_id=s.appointment_id,
                day=s.day,
                place_of_service=place_of_service(s.session_format, rules),
                cpt=str(s.cpt),
                modifiers=modifiers(s.session_format, rules),
                units=1,
                charge_cents=s.fee_cents,
                paid_cents=s.paid_cents,
                pointers=tuple(letters[d.claim_code] for d in active)[:MAX_POINTERS_PER_LINE],
                rendering=s.rendering,
                supervising=s.supervising,
                location_name=s.location_name,
                location_address=s.location_address,
                diagnosis_codes=tuple(d.code for d in active),
            )
        )
    return lines
