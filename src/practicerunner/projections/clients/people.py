"""Clients and cases read models: people (with relationships and helpers) and cases (with
participants, providers, billing contacts and the planned absence used)."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.people import Person
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.clients.search_terms import person_terms
from practicerunner.projections.engine import Projection


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class People(Projection):
    """Names, birth date, contact points, notes and insurance are sealed; ``people_terms``
    holds the blind-index tokens that find a person by name prefix, email or phone."""

    name = "people"
    version = 2  # 2: names and details sealed, blind-index terms
    upstreams = ("scheduling",)
    handles = (
        Person.Registered,
        Person.Renamed,
        Person.BirthDateRecorded,
        Person.ContactDetailsChanged,
        Person.NotesChanged,
        Person.InsuranceRecorded,
        Person.ContactTypeChanged,
        Person.StatusChanged,
        Person.RelationshipAdded,
        Person.RelationshipRemoved,
        Person.HelperAdded,
        Person.HelperRemoved,
        Person.RepresentativeVerified,
        Person.RemindersOptedOut,
        Person.RemindersOptedIn,
    )
    tables = (
        Table(
            "people",
            {
                "person_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "kind": "TEXT NOT NULL",
                "given_name": "TEXT NOT NULL",
                "family_name": "TEXT NOT NULL",
                "middle_name": "TEXT",
                "preferred_name": "TEXT",
                "organisation_name": "TEXT",
                "display_name": "TEXT NOT NULL",
                "sort_name": "TEXT NOT NULL",
                "contact_type": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "birth_date": "TEXT",
                "emails": "TEXT NOT NULL",
                "phones": "TEXT NOT NULL",
                "address": "TEXT",
                "notes": "TEXT",
                "insurance": "TEXT",
                "relationships": "TEXT NOT NULL",
                "helpers": "TEXT NOT NULL",
                "verified_representatives": "TEXT NOT NULL",
                "reminders_opted_out": "INTEGER NOT NULL",
                "registered_at": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("person_id",),
            indexes=(("practice_id", "status"),),
            sealed=(
                "given_name",
                "family_name",
                "middle_name",
                "preferred_name",
                "organisation_name",
                "display_name",
                "sort_name",
                "birth_date",
                "emails",
                "phones",
                "address",
                "notes",
                "insurance",
            ),
            json=(
                "emails",
                "phones",
                "address",
                "insurance",
                "relationships",
                "helpers",
                "verified_representatives",
            ),
            booleans=("reminders_opted_out",),
        ),
        Table(
            "people_terms",
            {"person_id": "TEXT", "term": "TEXT", "practice_id": "TEXT NOT NULL"},
            key=("person_id", "term"),
            indexes=(("practice_id", "term"),),
        ),
    )

    @staticmethod
    def _index(
        batch: Batch, key: dict[str, Any], before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        """Keeps the person's blind-index terms in step with their names and contacts."""
        old = person_terms(batch.sealer, before) if before else set()
        new = person_terms(batch.sealer, after)
        for term in old - new:
            batch.delete("people_terms", {**key, "term": term})
        for term in new - old:
            batch.upsert("people_terms", {**key, "term": term}, practice_id=after["practice_id"])

    @staticmethod
    def _names(row: dict[str, Any]) -> dict[str, str]:
        if row["kind"] == "organisation":
            name = row["organisation_name"] or ""
            return {"display_name": name, "sort_name": name.lower()}
        first = row.get("preferred_name") or row["given_name"]
        return {
            "display_name": f"{first} {row['family_name']}",
            "sort_name": f"{row['family_name']} {row['given_name']}".lower(),
        }

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"person_id": str(event.originator_id)}
        common = {"version": event.originator_version, "updated_at": event.timestamp.isoformat()}
        row: dict[str, Any] | None
        if isinstance(event, Person.Registered):
            row = {
                "practice_id": event.practice_id,
                "kind": event.kind,
                "given_name": event.given_name,
                "family_name": event.family_name,
                "middle_name": None,
                "preferred_name": None,
                "organisation_name": event.organisation_name,
                "contact_type": event.contact_type,
                "status": event.status,
                "birth_date": None,
                "emails": "[]",
                "phones": "[]",
                "address": None,
                "notes": None,
                "insurance": None,
                "relationships": "{}",
                "helpers": "{}",
                "verified_representatives": "[]",
                "reminders_opted_out": 0,
                "registered_at": event.timestamp.isoformat(),
            }
            batch.upsert("people", key, **row, **self._names(row), **common)
            self._index(batch, key, None, row)
            return
        row = batch.get("people", key)
        if row is None:  # pragma: no cover - Registered always comes first
            return
        changes: dict[str, Any] = {}
        if isinstance(event, Person.Renamed):
            changes.update(
                given_name=event.given_name,
                family_name=event.family_name,
                middle_name=event.middle_name,
                preferred_name=event.preferred_name,
                organisation_name=event.organisation_name,
            )
            changes.update(self._names({**row, **changes}))
        elif isinstance(event, Person.BirthDateRecorded):
            changes["birth_date"] = event.birth_date
        elif isinstance(event, Person.ContactDetailsChanged):
            changes.update(
                emails=_dump(event.emails),
                phones=_dump(event.phones),
                address=_dump(event.address) if event.address else None,
            )
        elif isinstance(event, Person.NotesChanged):
            changes["notes"] = event.notes
        elif isinstance(event, Person.InsuranceRecorded):
            changes["insurance"] = _dump(event.insurance) if event.insurance else None
        elif isinstance(event, Person.ContactTypeChanged):
            changes["contact_type"] = event.contact_type
        elif isinstance(event, Person.StatusChanged):
            changes["status"] = event.status
        elif isinstance(event, Person.RelationshipAdded | Person.RelationshipRemoved):
            relationships = json.loads(row["relationships"])
            if isinstance(event, Person.RelationshipAdded):
                relationships[event.other_person_id] = event.relationship
            else:
                relationships.pop(event.other_person_id, None)
            changes["relationships"] = _dump(relationships)
        elif isinstance(
            event, Person.HelperAdded | Person.HelperRemoved | Person.RepresentativeVerified
        ):
            helpers = json.loads(row["helpers"])
            verified = json.loads(row["verified_representatives"])
            if isinstance(event, Person.HelperAdded):
                roles = helpers.setdefault(event.helper_id, [])
                if event.role not in roles:
                    roles.append(event.role)
            elif isinstance(event, Person.HelperRemoved):
                roles = [r for r in helpers.get(event.helper_id, []) if r != event.role]
                if roles:
                    helpers[event.helper_id] = roles
                else:
                    helpers.pop(event.helper_id, None)
                if event.role == "representative" and event.helper_id in verified:
                    verified.remove(event.helper_id)
            else:
                verified.append(event.helper_id)
            changes.update(helpers=_dump(helpers), verified_representatives=_dump(verified))
        elif isinstance(event, Person.RemindersOptedOut):
            changes["reminders_opted_out"] = 1
        elif isinstance(event, Person.RemindersOptedIn):
            changes["reminders_opted_out"] = 0
        batch.update("people", key, **changes, **common)
        if isinstance(event, Person.Renamed | Person.ContactDetailsChanged):
            self._index(batch, key, row, {**row, **changes})


class Cases(Projection):
    name = "cases"
    version = 3  # 2: the case supervisor; 3: titles and diagnoses sealed
    upstreams = ("scheduling",)
    handles = (
        Case.Opened,
        Case.Retitled,
        Case.ParticipantJoined,
        Case.ParticipantLeft,
        Case.BillingContactSet,
        Case.ProviderAssigned,
        Case.ProviderUnassigned,
        Case.SupervisorAssigned,
        Case.ParticipantStatusSet,
        Case.DiagnosisRecorded,
        Case.PlannedAbsenceAllowanceSet,
        Case.PlannedAbsenceUsed,
        Case.Closed,
        Case.Reopened,
    )
    tables = (
        Table(
            "cases",
            {
                "case_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "kind": "TEXT NOT NULL",
                "title": "TEXT",
                "status": "TEXT NOT NULL",
                "opened_on": "TEXT NOT NULL",
                "closed_on": "TEXT",
                "billing_contact_id": "TEXT",
                "participant_billing_contacts": "TEXT NOT NULL",
                "provider_ids": "TEXT NOT NULL",
                "supervisor_id": "TEXT",
                "participant_statuses": "TEXT NOT NULL",
                "diagnoses": "TEXT NOT NULL",
                "planned_absence_allowance": "INTEGER",
                "planned_absences": "TEXT NOT NULL",
                "opened_at": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("case_id",),
            indexes=(("practice_id", "opened_at", "case_id"),),
            sealed=("title", "diagnoses"),
            json=(
                "participant_billing_contacts",
                "provider_ids",
                "participant_statuses",
                "diagnoses",
                "planned_absences",
            ),
        ),
        Table(
            "case_participants",
            {
                "case_id": "TEXT",
                "person_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "joined_on": "TEXT NOT NULL",
                "left_on": "TEXT",
            },
            key=("case_id", "person_id"),
            indexes=(("person_id",),),
        ),
        Table(
            "case_providers",
            {"case_id": "TEXT", "provider_id": "TEXT", "practice_id": "TEXT NOT NULL"},
            key=("case_id", "provider_id"),
            indexes=(("provider_id",),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        case_id = str(event.originator_id)
        key = {"case_id": case_id}
        common = {"version": event.originator_version, "updated_at": event.timestamp.isoformat()}
        if isinstance(event, Case.Opened):
            batch.upsert(
                "cases",
                key,
                practice_id=event.practice_id,
                kind=event.kind,
                title=event.title,
                status="open",
                opened_on=event.opened_on,
                closed_on=None,
                billing_contact_id=None,
                participant_billing_contacts="{}",
                provider_ids="[]",
                supervisor_id=None,
                participant_statuses="{}",
                diagnoses="[]",
                planned_absence_allowance=None,
                planned_absences="{}",
                opened_at=event.timestamp.isoformat(),
                **common,
            )
            return
        row = batch.get("cases", key)
        if row is None:  # pragma: no cover
            return
        changes: dict[str, Any] = {}
        if isinstance(event, Case.Retitled):
            changes["title"] = event.title
        elif isinstance(event, Case.ParticipantJoined):
            batch.upsert(
                "case_participants",
                {"case_id": case_id, "person_id": event.person_id},
                practice_id=row["practice_id"],
                joined_on=event.joined_on,
                left_on=None,
            )
        elif isinstance(event, Case.ParticipantLeft):
            batch.update(
                "case_participants",
                {"case_id": case_id, "person_id": event.person_id},
                left_on=event.left_on,
            )
            contacts = json.loads(row["participant_billing_contacts"])
            contacts.pop(event.person_id, None)
            changes["participant_billing_contacts"] = _dump(contacts)
        elif isinstance(event, Case.BillingContactSet):
            if event.for_participant_id is None:
                changes["billing_contact_id"] = event.billing_contact_id
            else:
                contacts = json.loads(row["participant_billing_contacts"])
                if event.billing_contact_id is None:
                    contacts.pop(event.for_participant_id, None)
                else:
                    contacts[event.for_participant_id] = event.billing_contact_id
                changes["participant_billing_contacts"] = _dump(contacts)
        elif isinstance(event, Case.ProviderAssigned | Case.ProviderUnassigned):
            providers = json.loads(row["provider_ids"])
            pkey = {"case_id": case_id, "provider_id": event.provider_id}
            if isinstance(event, Case.ProviderAssigned):
                providers.append(event.provider_id)
                batch.upsert("case_providers", pkey, practice_id=row["practice_id"])
            else:
                providers.remove(event.provider_id)
                batch.delete("case_providers", pkey)
            changes["provider_ids"] = _dump(providers)
        elif isinstance(event, Case.SupervisorAssigned):
            changes["supervisor_id"] = event.supervisor_id
        elif isinstance(event, Case.ParticipantStatusSet):
            statuses = json.loads(row["participant_statuses"])
            if event.status is None:
                statuses.pop(event.person_id, None)
            else:
                statuses[event.person_id] = event.status
            changes["participant_statuses"] = _dump(statuses)
        elif isinstance(event, Case.DiagnosisRecorded):
            diagnoses = json.loads(row["diagnoses"])
            diagnoses.append(
                {
                    "person_id": event.person_id,
                    "code": event.code,
                    "diagnosed_on": event.diagnosed_on,
                }
            )
            changes["diagnoses"] = _dump(diagnoses)
        elif isinstance(event, Case.PlannedAbsenceAllowanceSet):
            changes["planned_absence_allowance"] = event.allowance
        elif isinstance(event, Case.PlannedAbsenceUsed):
            used = json.loads(row["planned_absences"])
            used.setdefault(str(event.year), []).append(event.appointment_id)
            changes["planned_absences"] = _dump(used)
        elif isinstance(event, Case.Closed):
            changes.update(status="closed", closed_on=event.closed_on)
        elif isinstance(event, Case.Reopened):
            changes.update(status="open", closed_on=None)
        batch.update("cases", key, **changes, **common)
