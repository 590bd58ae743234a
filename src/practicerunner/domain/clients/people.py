"""People of a practice: clients and contacts (persons or organisations), their lifecycle,
relationships, and the four helper roles that grant least-privilege access on their behalf."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.clients.lifecycle import (
    RESTRICTED_TRANSITION_ROLES,
    TRANSITIONS,
    ContactType,
    LifecycleStatus,
    PersonKind,
    transition_needs_practice_admin,
)
from practicerunner.domain.clients.relationships import (
    ADULT_AGE,
    HELPER_CAPABILITIES,
    HelperCapability,
    HelperRole,
    RelationshipKind,
    age_on,
    contact_points_must_be_valid,
    date_must_be_iso,
)
from practicerunner.domain.errors import Forbidden, InvalidValue, RuleViolation
from practicerunner.domain.practice.practice import address_must_be_complete
from practicerunner.domain.values import name_must_be_present

# The kind seen from the other person's side.
INVERSE: dict[RelationshipKind, RelationshipKind] = {
    RelationshipKind.SPOUSE: RelationshipKind.SPOUSE,
    RelationshipKind.PARTNER: RelationshipKind.PARTNER,
    RelationshipKind.PARENT: RelationshipKind.CHILD,
    RelationshipKind.CHILD: RelationshipKind.PARENT,
    RelationshipKind.GUARDIAN: RelationshipKind.WARD,
    RelationshipKind.WARD: RelationshipKind.GUARDIAN,
    RelationshipKind.EMERGENCY_CONTACT: RelationshipKind.EMERGENCY_CONTACT_OF,
    RelationshipKind.EMERGENCY_CONTACT_OF: RelationshipKind.EMERGENCY_CONTACT,
}


class Person(PracticeAggregate):
    """A client or contact of one practice. Clinical facts (diagnoses) live on cases."""

    snapshot_every = 50

    def __init__(
        self,
        practice_id: str,
        kind: str,
        given_name: str,
        family_name: str,
        organisation_name: str | None,
        contact_type: str,
        status: str,
    ) -> None:
        self.practice_id = practice_id
        self.kind = PersonKind(kind)
        self.given_name = given_name
        self.family_name = family_name
        self.middle_name: str | None = None
        self.preferred_name: str | None = None
        self.organisation_name = organisation_name
        self.contact_type = ContactType(contact_type)
        self.status = LifecycleStatus(status)
        self.birth_date: str | None = None
        self.emails: list[dict[str, Any]] = []
        self.phones: list[dict[str, Any]] = []
        self.address: dict[str, str] | None = None
        self.notes: str | None = None
        self.insurance: dict[str, str] | None = None
        self.relationships: dict[str, str] = {}
        self.helpers: dict[str, list[str]] = {}  # helper person id -> roles
        self.verified_representatives: list[str] = []
        self.reminders_opted_out = False

    # -- derived --------------------------------------------------------------------------

    @property
    def display_name(self) -> str:
        if self.kind == PersonKind.ORGANISATION:
            return self.organisation_name or ""
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @property
    def initials(self) -> str:
        if self.kind == PersonKind.ORGANISATION:
            return "".join(w[0] for w in (self.organisation_name or "?").split()[:3]).upper()
        first = (self.preferred_name or self.given_name)[:1]
        return f"{first}.{self.family_name[:1]}.".upper()

    @property
    def primary_email(self) -> str | None:
        return next((e["address"] for e in self.emails if e["primary"]), None)

    def is_minor(self, on: date) -> bool:
        return self.birth_date is not None and age_on(self.birth_date, on) < ADULT_AGE

    def helpers_with(self, role: HelperRole) -> list[str]:
        return [h for h, roles in self.helpers.items() if role.value in roles]

    def helper_may(self, helper_id: str, capability: HelperCapability) -> bool:
        """What a helper may do for this person: the union of its roles' capabilities;
        signing also needs the representative to be verified by staff."""
        roles = {HelperRole(r) for r in self.helpers.get(helper_id, [])}
        allowed = any(capability in HELPER_CAPABILITIES[r] for r in roles)
        if capability == HelperCapability.SIGN_FORMS:
            return allowed and helper_id in self.verified_representatives
        return allowed

    # -- events ---------------------------------------------------------------------------

    class Registered(PracticeAggregate.Created):
        practice_id: str
        kind: str
        given_name: str
        family_name: str
        organisation_name: str | None
        contact_type: str
        status: str

    class Renamed(PracticeAggregate.Event):
        given_name: str
        family_name: str
        middle_name: str | None
        preferred_name: str | None
        organisation_name: str | None

        def apply(self, person: Person) -> None:
            person.given_name = self.given_name
            person.family_name = self.family_name
            person.middle_name = self.middle_name
            person.preferred_name = self.preferred_name
            person.organisation_name = self.organisation_name

    class BirthDateRecorded(PracticeAggregate.Event):
        birth_date: str | None

        def apply(self, person: Person) -> None:
            person.birth_date = self.birth_date

    class ContactDetailsChanged(PracticeAggregate.Event):
        emails: list[dict[str, Any]]
        phones: list[dict[str, Any]]
        address: dict[str, str] | None

        def apply(self, person: Person) -> None:
            person.emails = [dict(e) for e in self.emails]
            person.phones = [dict(p) for p in self.phones]
            person.address = dict(self.address) if self.address else None

    class NotesChanged(PracticeAggregate.Event):
        notes: str | None

        def apply(self, person: Person) -> None:
            person.notes = self.notes

    class InsuranceRecorded(PracticeAggregate.Event):
        insurance: dict[str, str] | None

        def apply(self, person: Person) -> None:
            person.insurance = dict(self.insurance) if self.insurance else None

    class ContactTypeChanged(PracticeAggregate.Event):
        contact_type: str

        def apply(self, person: Person) -> None:
            person.contact_type = ContactType(self.contact_type)

    class StatusChanged(PracticeAggregate.Event):
        status: str
        previous_status: str

        def apply(self, person: Person) -> None:
            person.status = LifecycleStatus(self.status)

    class RelationshipAdded(PracticeAggregate.Event):
        other_person_id: str
        relationship: str

        def apply(self, person: Person) -> None:
            person.relationships[self.other_person_id] = self.relationship

    class RelationshipRemoved(PracticeAggregate.Event):
        other_person_id: str

        def apply(self, person: Person) -> None:
            person.relationships.pop(self.other_person_id, None)

    class HelperAdded(PracticeAggregate.Event):
        helper_id: str
        role: str

        def apply(self, person: Person) -> None:
            roles = person.helpers.setdefault(self.helper_id, [])
            if self.role not in roles:
                roles.append(self.role)

    class HelperRemoved(PracticeAggregate.Event):
        helper_id: str
        role: str

        def apply(self, person: Person) -> None:
            roles = [r for r in person.helpers.get(self.helper_id, []) if r != self.role]
            if roles:
                person.helpers[self.helper_id] = roles
            else:
                person.helpers.pop(self.helper_id, None)
            if self.role == HelperRole.REPRESENTATIVE and self.helper_id in (
                person.verified_representatives
            ):
                person.verified_representatives.remove(self.helper_id)

    class RepresentativeVerified(PracticeAggregate.Event):
        helper_id: str
        verified_by: str

        def apply(self, person: Person) -> None:
            person.verified_representatives.append(self.helper_id)

    class RemindersOptedOut(PracticeAggregate.Event):
        def apply(self, person: Person) -> None:
            person.reminders_opted_out = True

    class RemindersOptedIn(PracticeAggregate.Event):
        def apply(self, person: Person) -> None:
            person.reminders_opted_out = False

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        practice_id: str,
        kind: PersonKind,
        given_name: str | None,
        family_name: str | None,
        organisation_name: str | None,
        contact_type: ContactType,
        status: LifecycleStatus,
        by: Actor,
        at: datetime | None,
    ) -> Person:
        kind = PersonKind(kind)
        if kind == PersonKind.ORGANISATION:
            organisation_name = name_must_be_present(organisation_name or "", "organisation_name")
            if ContactType(contact_type) != ContactType.CONTACT:
                raise InvalidValue(
                    "An organisation is a contact (a billing contact), never a client.",
                    field="contact_type",
                )
            given, family = "", ""
        else:
            if organisation_name:
                raise InvalidValue(
                    "Only organisations have an organisation name.", field="organisation_name"
                )
            given = name_must_be_present(given_name or "", "given_name", 100)
            family = name_must_be_present(family_name or "", "family_name", 100)
        return cls._start(
            cls.Registered,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            kind=kind.value,
            given_name=given,
            family_name=family,
            organisation_name=organisation_name,
            contact_type=ContactType(contact_type).value,
            status=LifecycleStatus(status).value,
        )

    def _must_be_individual(self, what: str) -> None:
        if self.kind == PersonKind.ORGANISATION:
            raise RuleViolation(f"An organisation has no {what}.")

    def rename(
        self,
        *,
        given_name: str | None,
        family_name: str | None,
        middle_name: str | None,
        preferred_name: str | None,
        organisation_name: str | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        if self.kind == PersonKind.ORGANISATION:
            org = name_must_be_present(organisation_name or "", "organisation_name")
            self._happen(
                self.Renamed, by, at, given_name="", family_name="", middle_name=None,
                preferred_name=None, organisation_name=org,
            )  # fmt: skip
            return
        self._happen(
            self.Renamed,
            by,
            at,
            given_name=name_must_be_present(given_name or "", "given_name", 100),
            family_name=name_must_be_present(family_name or "", "family_name", 100),
            middle_name=(middle_name or "").strip() or None,
            preferred_name=(preferred_name or "").strip() or None,
            organisation_name=None,
        )

    def record_birth_date(
        self, birth_date: str | None, today: date, by: Actor, at: datetime | None
    ) -> None:
        self._must_be_individual("date of birth")
        clean = date_must_be_iso(birth_date, "birth_date")
        if clean and not date(1900, 1, 1) <= date.fromisoformat(clean) <= today:
            raise InvalidValue("A date of birth lies between 1900 and today.", field="birth_date")
        self._happen(self.BirthDateRecorded, by, at, birth_date=clean)

    def change_contact_details(
        self,
        emails: list[dict[str, Any]],
        phones: list[dict[str, Any]],
        address: dict[str, str] | None,
        by: Actor,
        at: datetime | None,
    ) -> None:
        clean_emails, clean_phones = contact_points_must_be_valid(emails, phones)
        self._happen(
            self.ContactDetailsChanged,
            by,
            at,
            emails=clean_emails,
            phones=clean_phones,
            address=address_must_be_complete(address) if address else None,
        )

    def change_notes(self, notes: str | None, by: Actor, at: datetime | None) -> None:
        clean = (notes or "").strip() or None
        if clean and len(clean) > 10_000:
            raise InvalidValue("Notes are at most 10,000 characters.", field="notes")
        self._happen(self.NotesChanged, by, at, notes=clean)

    def record_insurance(
        self, payer: str | None, member_id: str | None, by: Actor, at: datetime | None
    ) -> None:
        self._must_be_individual("insurance")
        if bool(payer) != bool(member_id):
            raise InvalidValue(
                "Insurance needs both the payer and the member ID.", field="insurance"
            )
        insurance = (
            {"payer": name_must_be_present(payer or "", "payer"),
             "member_id": name_must_be_present(member_id or "", "member_id", 50)}
            if payer
            else None
        )  # fmt: skip
        self._happen(self.InsuranceRecorded, by, at, insurance=insurance)

    def change_contact_type(
        self, contact_type: ContactType, by: Actor, at: datetime | None
    ) -> None:
        contact_type = ContactType(contact_type)
        if self.kind == PersonKind.ORGANISATION and contact_type != ContactType.CONTACT:
            raise RuleViolation("An organisation is always a contact.")
        if contact_type != self.contact_type:
            self._happen(self.ContactTypeChanged, by, at, contact_type=contact_type.value)

    def change_status(
        self, status: LifecycleStatus, actor_role: str | None, by: Actor, at: datetime | None
    ) -> None:
        """``actor_role`` is the staff role making the change (None for service principals)."""
        status = LifecycleStatus(status)
        if status == self.status:
            return
        if status not in TRANSITIONS[self.status]:
            allowed = ", ".join(sorted(s.value for s in TRANSITIONS[self.status]))
            raise RuleViolation(
                f"A {self.status.value.replace('_', ' ')} person cannot become "
                f"{status.value.replace('_', ' ')}; allowed: {allowed}.",
                reason="lifecycle-transition",
            )
        if (
            transition_needs_practice_admin(self.status, status)
            and actor_role is not None
            and actor_role not in RESTRICTED_TRANSITION_ROLES
        ):
            raise Forbidden("Only the owner or a coordinator may archive or restore a record.")
        self._happen(
            self.StatusChanged, by, at, status=status.value, previous_status=self.status.value
        )

    def relate_to(
        self, other_id: str, relationship: RelationshipKind, by: Actor, at: datetime | None
    ) -> None:
        if other_id == str(self.id):
            raise InvalidValue("A person cannot be related to themselves.", field="other_person_id")
        relationship = RelationshipKind(relationship)
        if self.relationships.get(other_id) != relationship.value:
            self._happen(
                self.RelationshipAdded, by, at, other_person_id=other_id,
                relationship=relationship.value,
            )  # fmt: skip

    def unrelate_from(self, other_id: str, by: Actor, at: datetime | None) -> None:
        if other_id in self.relationships:
            self._happen(self.RelationshipRemoved, by, at, other_person_id=other_id)

    def add_helper(self, helper: Person, role: HelperRole, by: Actor, at: datetime | None) -> None:
        role = HelperRole(role)
        if helper.id == self.id:
            raise InvalidValue("A person cannot be their own helper.", field="helper_id")
        if helper.kind == PersonKind.ORGANISATION and role != HelperRole.BILLING_CONTACT:
            raise RuleViolation("An organisation can only be a billing contact.")
        if role.value not in self.helpers.get(str(helper.id), []):
            self._happen(self.HelperAdded, by, at, helper_id=str(helper.id), role=role.value)

    def remove_helper(
        self, helper_id: str, role: HelperRole, by: Actor, at: datetime | None
    ) -> None:
        role = HelperRole(role)
        if role.value in self.helpers.get(helper_id, []):
            self._happen(self.HelperRemoved, by, at, helper_id=helper_id, role=role.value)

    def verify_representative(self, helper_id: str, by: Actor, at: datetime | None) -> None:
        if by.is_service:
            raise Forbidden("A representative is verified by a member of staff.")
        if HelperRole.REPRESENTATIVE.value not in self.helpers.get(helper_id, []):
            raise RuleViolation("That person is not a representative of this client.")
        if helper_id not in self.verified_representatives:
            self._happen(
                self.RepresentativeVerified, by, at, helper_id=helper_id, verified_by=by.id
            )

    def opt_out_of_reminders(self, by: Actor, at: datetime | None) -> None:
        if not self.reminders_opted_out:
            self._happen(self.RemindersOptedOut, by, at)

    def opt_in_to_reminders(self, by: Actor, at: datetime | None) -> None:
        if self.reminders_opted_out:
            self._happen(self.RemindersOptedIn, by, at)
