"""Who may see which case and which of its fields: the case-level and field-level rules.

Role permissions (``permissions.MATRIX``) say what kind of thing a role may do at all. These
rules narrow it to cases and fields:

* **Case access**: the owner sees every case; a provider or associate sees the cases they
  serve or supervise; coordinators and schedulers see every case for administration (no
  clinical content); billing sees every case's billing (no clinical content). Someone acting
  as a provider gets the provider's case reach, but never more field access than their own
  role has: billing staff acting for a clinician still see no note content.
* **Field classes**: every field of a record shown to staff is declared as one of
  ``FieldClass``; ``redact`` drops what the viewer's role may not see.

Cases live in the clinical context (issue 4); its queries and commands build a ``CaseTeam``
from the case and call ``case_access`` / ``must_access_case`` and ``redact``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from practicerunner.domain.errors import NotFound
from practicerunner.domain.practice.roles import ClientRole, Role


class FieldClass(StrEnum):
    IDENTITY = "identity"  # name, preferred name, contact type
    CONTACT = "contact"  # emails, phones, address, emergency contacts
    SCHEDULING = "scheduling"  # appointments, attendance, availability
    BILLING = "billing"  # fees, invoices, payments, insurance member ids
    CLINICAL = "clinical"  # diagnoses, notes, treatment plans, assessments, clinical forms


class CaseAccess(StrEnum):
    NONE = "none"
    ADMINISTRATIVE = "administrative"  # identity, contact, scheduling
    BILLING = "billing"  # identity, contact, billing
    FULL = "full"  # everything, clinical included


_FIELDS_BY_ACCESS: dict[CaseAccess, frozenset[FieldClass]] = {
    CaseAccess.NONE: frozenset(),
    CaseAccess.ADMINISTRATIVE: frozenset(
        {FieldClass.IDENTITY, FieldClass.CONTACT, FieldClass.SCHEDULING}
    ),
    CaseAccess.BILLING: frozenset({FieldClass.IDENTITY, FieldClass.CONTACT, FieldClass.BILLING}),
    CaseAccess.FULL: frozenset(FieldClass),
}

# The most a role may ever see of a case it has access to.
_ROLE_CEILING: dict[Role, CaseAccess] = {
    Role.OWNER: CaseAccess.FULL,
    Role.PROVIDER: CaseAccess.FULL,
    Role.ASSOCIATE: CaseAccess.FULL,
    Role.COORDINATOR: CaseAccess.ADMINISTRATIVE,
    Role.SCHEDULER: CaseAccess.ADMINISTRATIVE,
    Role.BILLING: CaseAccess.BILLING,
}


@dataclass(frozen=True)
class CaseTeam:
    """The clinicians of one case: who serves it and who supervises it."""

    practice_id: str
    provider_ids: frozenset[str] = field(default_factory=frozenset)
    supervisor_ids: frozenset[str] = field(default_factory=frozenset)

    def includes(self, staff_id: str) -> bool:
        return staff_id in self.provider_ids or staff_id in self.supervisor_ids


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their practice, role and id, and the provider they act for, if any."""

    practice_id: str
    staff_id: str
    role: Role
    acting_for: str | None = None


def case_access(viewer: Viewer, team: CaseTeam) -> CaseAccess:
    if viewer.practice_id != team.practice_id:
        return CaseAccess.NONE
    ceiling = _ROLE_CEILING[viewer.role]
    if viewer.role == Role.OWNER:
        return CaseAccess.FULL  # acting as a provider never narrows the owner's own reach
    if viewer.role in (Role.PROVIDER, Role.ASSOCIATE) or viewer.acting_for is not None:
        clinician = viewer.acting_for or viewer.staff_id
        if not team.includes(clinician):
            # Admins keep their practice-wide administrative reach while acting.
            return ceiling if viewer.role.is_admin else CaseAccess.NONE
        if viewer.role.is_admin:
            return ceiling
        return CaseAccess.FULL
    return ceiling


def record_access_ceiling(viewer: Viewer) -> CaseAccess:
    """The most the viewer's role sees of any record it may reach (a person's record is
    reached through their cases; the fields follow the role)."""
    return _ROLE_CEILING[viewer.role]


def clinician_scope(viewer: Viewer) -> str | None:
    """The clinician whose cases bound what the viewer sees, or None when the viewer's reach
    is practice-wide (the owner; admins, also while acting for a provider)."""
    if viewer.role in (Role.PROVIDER, Role.ASSOCIATE):
        return viewer.acting_for or viewer.staff_id
    return None


def must_access_case(viewer: Viewer, team: CaseTeam) -> CaseAccess:
    """The viewer's access, or "not found" (never "forbidden": a case the viewer may not see
    does not exist for them)."""
    access = case_access(viewer, team)
    if access == CaseAccess.NONE:
        raise NotFound("No case with that id.")
    return access


def visible_fields(access: CaseAccess) -> frozenset[FieldClass]:
    return _FIELDS_BY_ACCESS[access]


def redact(
    record: Mapping[str, Any], classes: Mapping[str, FieldClass], access: CaseAccess
) -> dict[str, Any]:
    """The record without the fields ``access`` may not see. A field with no declared class
    is treated as clinical: forgetting to classify a field hides it rather than leaks it."""
    allowed = visible_fields(access)
    return {k: v for k, v in record.items() if classes.get(k, FieldClass.CLINICAL) in allowed}


def fields_of(classes: Mapping[str, FieldClass], wanted: Iterable[FieldClass]) -> set[str]:
    wanted = set(wanted)
    return {name for name, cls in classes.items() if cls in wanted}


def shown(
    record: Mapping[str, Any], classes: Mapping[str, FieldClass], access: CaseAccess
) -> dict[str, Any]:
    """``redact`` for a response with a fixed shape: hidden fields are kept, as None."""
    visible = redact(record, classes, access)
    return {k: visible.get(k) for k in record}


_I, _C, _S, _B, _X = (
    FieldClass.IDENTITY,
    FieldClass.CONTACT,
    FieldClass.SCHEDULING,
    FieldClass.BILLING,
    FieldClass.CLINICAL,
)
# A person's record (people read model). Free-text notes may hold clinical content.
PERSON_FIELDS: dict[str, FieldClass] = {
    **dict.fromkeys(
        ("person_id", "kind", "given_name", "family_name", "middle_name", "preferred_name",
         "organisation_name", "display_name", "contact_type", "status", "birth_date",
         "registered_at", "updated_at", "version"),
        _I,
    ),
    **dict.fromkeys(
        ("emails", "phones", "address", "relationships", "helpers", "verified_representatives",
         "reminders_opted_out"),
        _C,
    ),
    "insurance": _B,
    "notes": _X,
}  # fmt: skip
# A case (cases read model).
CASE_FIELDS: dict[str, FieldClass] = {
    **dict.fromkeys(
        ("case_id", "kind", "kind_label", "features", "title", "status", "opened_on",
         "closed_on", "participants", "provider_ids", "supervisor_id", "opened_at",
         "updated_at", "version"),
        _I,
    ),
    "billing_contact_id": _B,
    "planned_absence_allowance": _S,
    "planned_absences": _S,
    "diagnoses": _X,
}  # fmt: skip


# -- the portal: what a person is to each case ------------------------------------------------


@dataclass(frozen=True)
class PortalCase:
    """What the portal resolver knows of one case: its current participants and who pays."""

    case_id: str
    participant_ids: frozenset[str]
    billing_contact_ids: frozenset[str]


@dataclass(frozen=True)
class HelpedPerson:
    """Someone the signed-in person helps: their helper roles for them and whether staff
    verified them as representative."""

    person_id: str
    roles: frozenset[str]
    verified_representative: bool


def client_roles_in(
    person_id: str, case: PortalCase, helped: Mapping[str, HelpedPerson]
) -> frozenset[ClientRole]:
    """A person's roles in one case (PRODUCT.md section 2): participant; representative of a
    participant only once staff verified them; billing contact of the case (or of one of its
    participants); scheduling helper or message recipient of a participant."""
    roles: set[ClientRole] = set()
    if person_id in case.participant_ids:
        roles.add(ClientRole.PARTICIPANT)
    if person_id in case.billing_contact_ids:
        roles.add(ClientRole.BILLING_CONTACT)
    for participant in case.participant_ids:
        link = helped.get(participant)
        if link is None:
            continue
        if "representative" in link.roles and link.verified_representative:
            roles.add(ClientRole.REPRESENTATIVE)
        for role in ("billing_contact", "scheduling_helper", "message_recipient"):
            if role in link.roles:
                roles.add(ClientRole(role))
    return frozenset(roles)
