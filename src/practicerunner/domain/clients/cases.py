"""Cases, the unit of work: their kind (which decides the clinical and billing features),
participants who join and leave, billing contacts, assigned providers, diagnoses, and the
planned absence allowance each case spends per calendar year."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.relationships import date_must_be_iso
from practicerunner.domain.errors import InvalidValue, RuleViolation

ICD10_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")


def icd10_code_must_be_valid(code: str) -> str:
    code = code.strip().upper()
    if not ICD10_PATTERN.match(code):
        raise InvalidValue("An ICD-10 code looks like F41.1 or F32.A.", field="code")
    return code


def allowance_must_be_sensible(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 52:
        raise InvalidValue(
            "A planned absence allowance is between 0 and 52 per year.", field="allowance"
        )
    return value


class Case(PracticeAggregate):
    snapshot_every = 50
    # Snapshots taken before case-level supervisors existed have no such attribute.
    supervisor_id: str | None = None

    def __init__(self, practice_id: str, kind: str, title: str | None, opened_on: str) -> None:
        self.practice_id = practice_id
        self.kind = CaseKind(kind)
        self.title = title  # for couples, the relationship label
        self.opened_on = opened_on
        self.closed_on: str | None = None
        self.participants: dict[str, dict[str, Any]] = {}  # person id -> joined_on, left_on
        self.billing_contact_id: str | None = None
        self.participant_billing_contacts: dict[str, str] = {}
        self.provider_ids: list[str] = []
        self.supervisor_id: str | None = None  # a case-level supervisor (Group plan)
        self.participant_statuses: dict[str, str] = {}
        self.diagnoses: list[dict[str, Any]] = []
        self.planned_absence_allowance: int | None = None  # None: the practice default
        self.planned_absences: dict[str, list[str]] = {}  # year -> appointment ids

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def active_participants(self, on: date | None = None) -> list[str]:
        """People in the case on a given day (today's members when ``on`` is None)."""
        result = []
        for person_id, p in self.participants.items():
            joined, left = p["joined_on"], p.get("left_on")
            if on is None:
                if left is None:
                    result.append(person_id)
            elif joined <= on.isoformat() and (left is None or on.isoformat() <= left):
                result.append(person_id)
        return result

    def allowance(self, practice_default: int) -> int:
        if self.planned_absence_allowance is not None:
            return self.planned_absence_allowance
        return practice_default

    def planned_absences_used(self, year: int) -> int:
        return len(self.planned_absences.get(str(year), []))

    # -- events ---------------------------------------------------------------------------

    class Opened(PracticeAggregate.Created):
        practice_id: str
        kind: str
        title: str | None
        opened_on: str

    class Retitled(PracticeAggregate.Event):
        title: str | None

        def apply(self, case: Case) -> None:
            case.title = self.title

    class ParticipantJoined(PracticeAggregate.Event):
        person_id: str
        joined_on: str

        def apply(self, case: Case) -> None:
            case.participants[self.person_id] = {"joined_on": self.joined_on, "left_on": None}

    class ParticipantLeft(PracticeAggregate.Event):
        person_id: str
        left_on: str

        def apply(self, case: Case) -> None:
            case.participants[self.person_id]["left_on"] = self.left_on
            case.participant_billing_contacts.pop(self.person_id, None)

    class BillingContactSet(PracticeAggregate.Event):
        billing_contact_id: str | None
        for_participant_id: str | None

        def apply(self, case: Case) -> None:
            if self.for_participant_id is None:
                case.billing_contact_id = self.billing_contact_id
            elif self.billing_contact_id is None:
                case.participant_billing_contacts.pop(self.for_participant_id, None)
            else:
                case.participant_billing_contacts[self.for_participant_id] = self.billing_contact_id

    class ProviderAssigned(PracticeAggregate.Event):
        provider_id: str

        def apply(self, case: Case) -> None:
            case.provider_ids.append(self.provider_id)

    class ProviderUnassigned(PracticeAggregate.Event):
        provider_id: str

        def apply(self, case: Case) -> None:
            case.provider_ids.remove(self.provider_id)

    class SupervisorAssigned(PracticeAggregate.Event):
        supervisor_id: str | None

        def apply(self, case: Case) -> None:
            case.supervisor_id = self.supervisor_id

    class ParticipantStatusSet(PracticeAggregate.Event):
        person_id: str
        status: str | None

        def apply(self, case: Case) -> None:
            if self.status is None:
                case.participant_statuses.pop(self.person_id, None)
            else:
                case.participant_statuses[self.person_id] = self.status

    class DiagnosisRecorded(PracticeAggregate.Event):
        person_id: str
        code: str
        diagnosed_on: str

        def apply(self, case: Case) -> None:
            case.diagnoses.append(
                {"person_id": self.person_id, "code": self.code, "diagnosed_on": self.diagnosed_on}
            )

    class PlannedAbsenceAllowanceSet(PracticeAggregate.Event):
        allowance: int | None

        def apply(self, case: Case) -> None:
            case.planned_absence_allowance = self.allowance

    class PlannedAbsenceUsed(PracticeAggregate.Event):
        year: int
        appointment_id: str

        def apply(self, case: Case) -> None:
            case.planned_absences.setdefault(str(self.year), []).append(self.appointment_id)

    class Closed(PracticeAggregate.Event):
        closed_on: str

        def apply(self, case: Case) -> None:
            case.closed_on = self.closed_on

    class Reopened(PracticeAggregate.Event):
        def apply(self, case: Case) -> None:
            case.closed_on = None

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        practice_id: str,
        kind: CaseKind,
        title: str | None,
        opened_on: date,
        by: Actor,
        at: datetime | None,
    ) -> Case:
        kind = CaseKind(kind)
        clean_title = (title or "").strip() or None
        if clean_title and len(clean_title) > 100:
            raise InvalidValue("A case title is at most 100 characters.", field="title")
        if kind == CaseKind.COUPLE and not clean_title:
            raise InvalidValue(
                "A couple case needs a relationship label (partners, co-parents, siblings...).",
                field="title",
            )
        return cls._start(
            cls.Opened,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            kind=kind.value,
            title=clean_title,
            opened_on=opened_on.isoformat(),
        )

    def _must_be_open(self) -> None:
        if not self.is_open:
            raise RuleViolation("This case is closed; reopen it first.")

    def retitle(self, title: str | None, by: Actor, at: datetime | None) -> None:
        clean = (title or "").strip() or None
        if self.kind == CaseKind.COUPLE and not clean:
            raise InvalidValue("A couple case needs a relationship label.", field="title")
        if clean != self.title:
            self._happen(self.Retitled, by, at, title=clean)

    def add_participant(
        self, person_id: str, joined_on: date, by: Actor, at: datetime | None
    ) -> None:
        self._must_be_open()
        current = self.participants.get(person_id)
        if current is not None and current.get("left_on") is None:
            raise RuleViolation("That person already takes part in this case.")
        limit = self.kind.max_participants
        if limit is not None and len(self.active_participants()) >= limit:
            raise RuleViolation(
                f"A {self.kind.label} case has at most {limit} participant"
                f"{'s' if limit > 1 else ''}.",
                reason="case-full",
            )
        self._happen(
            self.ParticipantJoined, by, at, person_id=person_id, joined_on=joined_on.isoformat()
        )

    def remove_participant(
        self, person_id: str, left_on: date, by: Actor, at: datetime | None
    ) -> None:
        current = self.participants.get(person_id)
        if current is None or current.get("left_on") is not None:
            raise RuleViolation("That person does not take part in this case.")
        if left_on.isoformat() < current["joined_on"]:
            raise InvalidValue("Someone cannot leave before they joined.", field="left_on")
        self._happen(self.ParticipantLeft, by, at, person_id=person_id, left_on=left_on.isoformat())

    def set_billing_contact(
        self,
        billing_contact_id: str | None,
        for_participant_id: str | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        self._must_be_open()
        if for_participant_id is not None:
            if not self.kind.is_group:
                raise RuleViolation(
                    "Participant-specific billing contacts are for groups; set the case's "
                    "billing contact instead."
                )
            if for_participant_id not in self.active_participants():
                raise RuleViolation("That person does not take part in this case.")
            current = self.participant_billing_contacts.get(for_participant_id)
        else:
            current = self.billing_contact_id
        if current != billing_contact_id:
            self._happen(
                self.BillingContactSet, by, at, billing_contact_id=billing_contact_id,
                for_participant_id=for_participant_id,
            )  # fmt: skip

    def billing_contact_for(self, participant_id: str) -> str | None:
        """Who pays for a participant: their own billing contact in a group, else the
        case's, else nobody else (the participant pays)."""
        return self.participant_billing_contacts.get(participant_id) or self.billing_contact_id

    def assign_provider(self, provider_id: str, by: Actor, at: datetime | None) -> None:
        self._must_be_open()
        if provider_id not in self.provider_ids:
            self._happen(self.ProviderAssigned, by, at, provider_id=provider_id)

    def unassign_provider(self, provider_id: str, by: Actor, at: datetime | None) -> None:
        if provider_id in self.provider_ids:
            self._happen(self.ProviderUnassigned, by, at, provider_id=provider_id)

    def assign_supervisor(self, supervisor_id: str | None, by: Actor, at: datetime | None) -> None:
        """Names (or, with None, removes) the case's supervising clinician; the plan rule
        (Group only) is checked by the command, which has the practice."""
        if supervisor_id is not None:
            self._must_be_open()
            if supervisor_id in self.provider_ids:
                raise RuleViolation(
                    "A clinician does not supervise a case they serve.", reason="self-supervision"
                )
        if supervisor_id != self.supervisor_id:
            self._happen(self.SupervisorAssigned, by, at, supervisor_id=supervisor_id)

    def set_participant_status(
        self, person_id: str, status: str | None, by: Actor, at: datetime | None
    ) -> None:
        """A lifecycle status for one person in this case, where it differs from theirs."""
        if person_id not in self.participants:
            raise RuleViolation("That person does not take part in this case.")
        if self.participant_statuses.get(person_id) != status:
            self._happen(self.ParticipantStatusSet, by, at, person_id=person_id, status=status)

    def record_diagnosis(
        self, person_id: str, code: str, diagnosed_on: str, by: Actor, at: datetime | None
    ) -> None:
        if "diagnoses" not in self.kind.features:
            raise RuleViolation(
                f"A {self.kind.label} case is not psychotherapy and has no diagnoses.",
                reason="feature-not-available",
            )
        if person_id not in self.participants:
            raise RuleViolation("That person does not take part in this case.")
        self._happen(
            self.DiagnosisRecorded,
            by,
            at,
            person_id=person_id,
            code=icd10_code_must_be_valid(code),
            diagnosed_on=date_must_be_iso(diagnosed_on, "diagnosed_on"),
        )

    def set_planned_absence_allowance(
        self, allowance: int | None, by: Actor, at: datetime | None
    ) -> None:
        allowance = allowance_must_be_sensible(allowance)
        if allowance != self.planned_absence_allowance:
            self._happen(self.PlannedAbsenceAllowanceSet, by, at, allowance=allowance)

    def use_planned_absence(
        self, appointment_id: str, year: int, practice_default: int, by: Actor, at: datetime | None
    ) -> bool:
        """Spends one of the year's no-fee cancellations if any is left. Saved with the
        cancelled appointment, so two cancellations racing for the last one cannot both win
        (the second fails the store's version check)."""
        if self.planned_absences_used(year) >= self.allowance(practice_default):
            return False
        self._happen(self.PlannedAbsenceUsed, by, at, year=year, appointment_id=appointment_id)
        return True

    def close(self, closed_on: date, by: Actor, at: datetime | None) -> None:
        if self.is_open:
            self._happen(self.Closed, by, at, closed_on=closed_on.isoformat())

    def reopen(self, by: Actor, at: datetime | None) -> None:
        if not self.is_open:
            self._happen(self.Reopened, by, at)
