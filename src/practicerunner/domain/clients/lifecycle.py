"""A person's lifecycle: kinds, contact types, statuses and the transitions between them."""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"  # a sponsor, employer or agency that pays


class ContactType(StrEnum):
    THERAPY_CLIENT = "therapy_client"
    CONSULTATION_CLIENT = "consultation_client"
    GROUP_PARTICIPANT = "group_participant"
    CONTACT = "contact"


class LifecycleStatus(StrEnum):
    PROSPECT = "prospect"
    INTAKE_PENDING = "intake_pending"
    ACTIVE = "active"
    WAITLIST = "waitlist"
    INACTIVE = "inactive"
    CONTACT = "contact"
    ARCHIVED = "archived"


S = LifecycleStatus


# Explicit transitions. Archiving is reversible only back to Inactive, so a restored record
# is never silently treated as an active client.
TRANSITIONS: dict[LifecycleStatus, frozenset[LifecycleStatus]] = {
    S.PROSPECT: frozenset(
        {S.INTAKE_PENDING, S.ACTIVE, S.WAITLIST, S.INACTIVE, S.CONTACT, S.ARCHIVED}
    ),
    S.INTAKE_PENDING: frozenset({S.ACTIVE, S.WAITLIST, S.INACTIVE, S.ARCHIVED}),
    S.ACTIVE: frozenset({S.WAITLIST, S.INACTIVE, S.ARCHIVED}),
    S.WAITLIST: frozenset({S.INTAKE_PENDING, S.ACTIVE, S.INACTIVE, S.ARCHIVED}),
    S.INACTIVE: frozenset({S.INTAKE_PENDING, S.ACTIVE, S.WAITLIST, S.ARCHIVED}),
    S.CONTACT: frozenset({S.PROSPECT, S.INTAKE_PENDING, S.ACTIVE, S.ARCHIVED}),
    S.ARCHIVED: frozenset({S.INACTIVE}),
}


# Who may make a transition: archiving and restoring are the practice's decision (owner or
# coordinator); every other transition is everyday work for whoever manages clients.
RESTRICTED_TRANSITION_ROLES = frozenset({"owner", "coordinator"})


def transition_needs_practice_admin(old: LifecycleStatus, new: LifecycleStatus) -> bool:
    return LifecycleStatus.ARCHIVED in (old, new)
