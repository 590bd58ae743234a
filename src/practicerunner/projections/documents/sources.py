"""What a billing document is made from, read from the other contexts' read models: the
practice's identity and settings, the case and its people, the clinicians' credentials, the
completed sessions with their services and locations, and the diagnoses on file (the clinical
record's dated ones, and those recorded on the case before the clinical record existed).

Amounts paid come from billing once it records payments per session; until then a session's
paid amount is zero."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clinical.supervision import SupervisionFacts, supervisor_for
from practicerunner.domain.documents.claims import BillingProvider, Insurance, Patient
from practicerunner.domain.documents.sessions import Clinician, Diagnosis, DocumentRules, Session
from practicerunner.domain.documents.superbill import ClientDetails, PracticeIdentity
from practicerunner.domain.practice.plans import LIMITS
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.projections.documents.billing_sources import BillingSources
from practicerunner.projections.reading import marks
from practicerunner.projections.scheduling.queries import SchedulingReadModels
from practicerunner.projections.scheduling.schedule import ts


@dataclass(frozen=True)
class DocumentInputs:
    practice: PracticeIdentity
    provider: BillingProvider
    timezone: str
    settings: dict[str, Any]
    rules: DocumentRules
    case_kind: CaseKind
    client: ClientDetails
    patient: Patient
    insurance: Insurance | None
    sessions: list[Session]
    diagnoses: list[Diagnosis]


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


class DocumentSources(SchedulingReadModels):
    def practice_row(self, practice_id: str) -> dict[str, Any] | None:
        return self.reader.one("practice_directory", "practices", "practice_id = %s", [practice_id])

    def clinicians(self, staff_ids: list[str]) -> dict[str, Clinician]:
        """Names, credentials and numbers of clinicians, by staff id (an invoice's lines)."""
        with self.db.read() as tx:
            return self._clinicians(tx, staff_ids)

    def _clinicians(self, tx: Any, staff_ids: list[str]) -> dict[str, Clinician]:
        if not staff_ids:
            return {}
        rows = self.reader.select(
            tx, "staff", "staff", f"staff_id IN ({marks(staff_ids)})", staff_ids
        )
        found = {}
        for r in rows:
            c = r["credentials"] or {}
            license_text = " ".join(
                p for p in (c.get("license_state"), c.get("license_number")) if p
            )
            found[r["staff_id"]] = Clinician(
                name=f"{r['given_name']} {r['family_name']}".strip(),
                credentials=c.get("credentials"),
                npi=c.get("npi"),
                license=license_text or None,
                taxonomy=c.get("taxonomy"),
            )
        return found

    def inputs(
        self, practice_id: str, case_id: str, person_id: str, start: date, end: date
    ) -> DocumentInputs | None:
        """Everything a superbill or claim of ``person_id`` in ``case_id`` needs, or None
        when the practice, case or person is not there."""
        practice = self.practice_row(practice_id)
        case = self.case(practice_id, case_id)
        person = self.person(practice_id, person_id)
        if practice is None or case is None or person is None:
            return None
        zone = ZoneInfo(practice["timezone"])
        settings = practice.get("settings") or {}
        docs = settings.get("documents_forms", {})
        rules = DocumentRules(
            telehealth_place_of_service=docs.get("telehealth_place_of_service", "10"),
            telehealth_modifiers=docs.get("telehealth_modifiers", True),
        )
        first = datetime.combine(start, time(), zone).astimezone(UTC)
        last = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
        with self.db.read() as tx:
            rows = self.reader.select(
                tx, "schedule", "appointments",
                "practice_id = %s AND case_id = %s AND starts_at >= %s AND starts_at < %s",
                [practice_id, case_id, ts(first), ts(last)], "ORDER BY starts_at",
            )  # fmt: skip
            supervisors = self._supervisors(tx, practice, case, rows)
            staff_ids = {r["provider_id"] for r in rows} | set(supervisors.values())
            clinicians = self._clinicians(tx, sorted(i for i in staff_ids if i))
            services = self._rows(tx, "services", "services", "service_id", rows)
            locations = self._rows(tx, "locations", "locations", "location_id", rows)
        paid = BillingSources(self.engine).paid_by_session(practice_id, case_id)
        sessions = []
        for r in rows:
            service = services.get(r["service_id"], {})
            location = locations.get(r["location_id"], {})
            attendance = r["attendance"] or {}
            present = tuple(p for p, mark in attendance.items() if mark != "absent")
            sessions.append(
                Session(
                    appointment_id=r["appointment_id"],
                    day=datetime.fromisoformat(r["starts_at"]).astimezone(zone).date(),
                    status=r["status"],
                    session_format=r["session_format"],
                    cpt=service.get("cpt_code"),
                    fee_cents=int(service.get("fee_cents") or 0),
                    rendering=clinicians.get(r["provider_id"], Clinician("Unknown clinician")),
                    supervising=(
                        clinicians.get(supervisor)
                        if (supervisor := supervisors.get(r["appointment_id"]))
                        else None
                    ),
                    person_ids=present,
                    paid_cents=paid.get(f"{r['appointment_id']}:{person_id}")
                    or paid.get(f"{r['appointment_id']}:", 0),
                    location_name=location.get("name"),
                    location_address=location.get("address"),
                )
            )
        identity = practice.get("billing_identity") or {}
        address = practice.get("address")
        name = identity.get("legal_name") or practice["name"]
        return DocumentInputs(
            practice=PracticeIdentity(
                name=name,
                address=address,
                phone=None,
                tax_id=identity.get("tax_id"),
                npi=identity.get("npi"),
            ),
            provider=BillingProvider(
                name=name,
                address=address,
                phone=None,
                npi=identity.get("npi"),
                tax_id=identity.get("tax_id"),
            ),
            timezone=practice["timezone"],
            settings=docs,
            rules=rules,
            case_kind=CaseKind(case["kind"]),
            client=ClientDetails(
                person_id=person_id,
                name=person["display_name"],
                birth_date=_day(person["birth_date"]) if person.get("birth_date") else None,
                address=person.get("address"),
                insurance=person.get("insurance"),
            ),
            patient=Patient(
                family=person["family_name"],
                given=person["given_name"],
                middle=person.get("middle_name"),
                birth_date=_day(person["birth_date"]) if person.get("birth_date") else None,
                address=person.get("address"),
                phone=next(
                    (p.get("number") or p.get("phone") for p in person.get("phones") or []), None
                ),
                account_number=case_id.split("-")[0].upper(),
            ),
            insurance=(
                Insurance(person["insurance"]["payer"], person["insurance"]["member_id"])
                if person.get("insurance")
                else None
            ),
            sessions=sessions,
            diagnoses=self._diagnoses(practice_id, case_id, case, person_id),
        )

    def _supervisors(
        self, tx: Any, practice: dict[str, Any], case: dict[str, Any], rows: list[dict[str, Any]]
    ) -> dict[str, str | None]:
        """Each session's supervising clinician: whoever co-signed its note, else whoever
        the supervision rule names (appointment, then case, then the associate's default)."""
        ids = [r["appointment_id"] for r in rows]
        if not ids:
            return {}
        cosigned = {
            n["appointment_id"]: n["cosigned_by"]
            for n in self.reader.select(
                tx, "clinical_notes", "notes",
                f"practice_id = %s AND appointment_id IN ({marks(ids)}) "
                "AND cosigned_by IS NOT NULL",
                [practice["practice_id"], *ids], columns=("appointment_id", "cosigned_by"),
            )
        }  # fmt: skip
        providers = sorted({r["provider_id"] for r in rows})
        staff = {
            s["staff_id"]: s
            for s in self.reader.select(
                tx, "staff", "staff", f"staff_id IN ({marks(providers)})", providers,
                columns=("staff_id", "role", "default_supervisor_id"),
            )
        }  # fmt: skip
        found: dict[str, str | None] = {}
        for r in rows:
            author = staff.get(r["provider_id"], {})
            found[r["appointment_id"]] = cosigned.get(r["appointment_id"]) or supervisor_for(
                SupervisionFacts(
                    author_id=r["provider_id"],
                    author_is_associate=author.get("role") == Role.ASSOCIATE.value,
                    plan_allows_supervision=LIMITS[Plan(practice["plan"])].supervision,
                    owner_id=practice["owner_id"] or "",
                    appointment_supervisor_id=r["supervisor_id"],
                    case_supervisor_id=case.get("supervisor_id"),
                    default_supervisor_id=author.get("default_supervisor_id"),
                )
            )
        return found

    def _rows(
        self, tx: Any, projection: str, table: str, key: str, rows: list[dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        ids = sorted({r[key] for r in rows})
        if not ids:
            return {}
        found = self.reader.select(tx, projection, table, f"{key} IN ({marks(ids)})", ids)
        return {r[key]: r for r in found}

    def _diagnoses(
        self, practice_id: str, case_id: str, case: dict[str, Any], person_id: str
    ) -> list[Diagnosis]:
        found: list[Diagnosis] = []
        with self.db.read() as tx:
            record = self.reader.select(
                tx, "clinical_notes", "clinical_records",
                "practice_id = %s AND case_id = %s", [practice_id, case_id],
            )  # fmt: skip
        stored: Any = record[0]["diagnoses"] if record else []
        if isinstance(stored, str):
            stored = json.loads(stored)
        if isinstance(stored, dict):
            stored = list(stored.values())
        for entry in stored or []:
            found.append(
                Diagnosis(
                    code=entry["code"],
                    person_id=entry["person_id"],
                    started_on=_day(entry["started_on"]),
                    ended_on=_day(entry["ended_on"]) if entry.get("ended_on") else None,
                )
            )
        codes = {(d.person_id, d.code) for d in found}
        for entry in case.get("diagnoses") or []:
            if (entry["person_id"], entry["code"]) not in codes:
                found.append(
                    Diagnosis(entry["code"], entry["person_id"], _day(entry["diagnosed_on"]))
                )
        return [d for d in found if d.person_id == person_id]
