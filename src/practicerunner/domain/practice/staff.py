"""Staff members of a practice: their role, provider credentials and invitation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.practice.roles import Role
from practicerunner.domain.values import (
    email_must_be_valid,
    name_must_be_present,
    npi_must_be_valid,
    slug_must_be_well_formed,
    taxonomy_must_be_valid,
)

INVITATION_LIFETIME = timedelta(days=7)
CREDENTIAL_FIELDS = ("npi", "license_number", "license_state", "taxonomy", "credentials")


def provider_credentials_must_be_valid(values: dict[str, str | None]) -> dict[str, str | None]:
    unknown = set(values) - set(CREDENTIAL_FIELDS)
    if unknown:
        raise InvalidValue(
            f"Unknown credential fields: {', '.join(sorted(unknown))}.", field="credentials"
        )
    clean = {k: (v.strip() or None) if isinstance(v, str) else None for k, v in values.items()}
    if clean.get("npi"):
        npi_must_be_valid(str(clean["npi"]))
    if clean.get("taxonomy"):
        taxonomy_must_be_valid(str(clean["taxonomy"]))
    state = clean.get("license_state")
    if state and not (len(state) == 2 and state.isalpha() and state.isupper()):
        raise InvalidValue(
            "A license state is a two-letter code such as CA.", field="license_state"
        )
    return clean


class StaffMember(PracticeAggregate):
    def __init__(
        self, practice_id: str, email: str, given_name: str, family_name: str, role: str
    ) -> None:
        self.practice_id = practice_id
        self.email = email
        self.given_name = given_name
        self.family_name = family_name
        self.role = Role(role)
        self.status = "invited"
        self.credentials: dict[str, str | None] = {}
        self.booking_slug: str | None = None
        self.default_supervisor_id: str | None = None
        self.invitation_id: str | None = None
        self.invitation_expires_at: datetime | None = None
        self.invitations_used: list[str] = []

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_clinician(self) -> bool:
        return self.role.may_be_clinician

    # -- events ---------------------------------------------------------------------------

    class Added(PracticeAggregate.Created):
        practice_id: str
        email: str
        given_name: str
        family_name: str
        role: str

    class Invited(PracticeAggregate.Event):
        invitation_id: str
        expires_at: datetime
        invited_by: str

        def apply(self, staff: StaffMember) -> None:
            staff.invitation_id = self.invitation_id
            staff.invitation_expires_at = self.expires_at

    class InvitationAccepted(PracticeAggregate.Event):
        invitation_id: str

        def apply(self, staff: StaffMember) -> None:
            staff.invitations_used.append(self.invitation_id)
            staff.invitation_id = None
            staff.invitation_expires_at = None
            staff.status = "active"

    class Renamed(PracticeAggregate.Event):
        given_name: str
        family_name: str

        def apply(self, staff: StaffMember) -> None:
            staff.given_name = self.given_name
            staff.family_name = self.family_name

    class RoleChanged(PracticeAggregate.Event):
        role: str

        def apply(self, staff: StaffMember) -> None:
            staff.role = Role(self.role)

    class ProviderCredentialsSet(PracticeAggregate.Event):
        credentials: dict[str, str | None]

        def apply(self, staff: StaffMember) -> None:
            staff.credentials = dict(self.credentials)

    class BookingSlugSet(PracticeAggregate.Event):
        booking_slug: str | None

        def apply(self, staff: StaffMember) -> None:
            staff.booking_slug = self.booking_slug

    class DefaultSupervisorSet(PracticeAggregate.Event):
        supervisor_id: str | None

        def apply(self, staff: StaffMember) -> None:
            staff.default_supervisor_id = self.supervisor_id

    class Deactivated(PracticeAggregate.Event):
        def apply(self, staff: StaffMember) -> None:
            staff.status = "deactivated"
            staff.invitation_id = None

    class Reactivated(PracticeAggregate.Event):
        def apply(self, staff: StaffMember) -> None:
            staff.status = "active" if staff.invitations_used else "invited"

    # -- intentions -----------------------------------------------------------------------

    @classmethod
    def add(
        cls,
        *,
        id: UUID,
        practice_id: str,
        email: str,
        given_name: str,
        family_name: str,
        role: Role,
        by: Actor,
        at: datetime | None,
    ) -> StaffMember:
        return cls._start(
            cls.Added,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            email=email_must_be_valid(email),
            given_name=name_must_be_present(given_name, "given_name", 100),
            family_name=name_must_be_present(family_name, "family_name", 100),
            role=Role(role).value,
        )

    def invite(self, invitation_id: str, by: Actor, at: datetime) -> None:
        if self.status == "deactivated":
            raise RuleViolation("A deactivated staff member cannot be invited; reactivate first.")
        if self.status == "active":
            raise RuleViolation("This staff member has already joined.")
        self._happen(
            self.Invited,
            by,
            at,
            invitation_id=invitation_id,
            expires_at=at + INVITATION_LIFETIME,
            invited_by=by.id,
        )

    def accept_invitation(self, invitation_id: str, by: Actor, at: datetime) -> None:
        """Refuses a used, superseded or expired invitation: the link is one-time."""
        if invitation_id in self.invitations_used or invitation_id != self.invitation_id:
            raise RuleViolation(
                "This invitation link has already been used or was replaced.",
                reason="invitation-used",
            )
        if self.invitation_expires_at is None or at >= self.invitation_expires_at:
            raise RuleViolation(
                "This invitation link has expired; ask for a new one.", reason="invitation-expired"
            )
        self._happen(self.InvitationAccepted, by, at, invitation_id=invitation_id)

    def rename(self, given_name: str, family_name: str, by: Actor, at: datetime | None) -> None:
        self._happen(
            self.Renamed,
            by,
            at,
            given_name=name_must_be_present(given_name, "given_name", 100),
            family_name=name_must_be_present(family_name, "family_name", 100),
        )

    def change_role(self, role: Role, by: Actor, at: datetime | None) -> None:
        role = Role(role)
        if role == self.role:
            return
        if self.role == Role.OWNER or role == Role.OWNER:
            raise RuleViolation("Ownership is transferred, not assigned by a role change.")
        if role.is_admin and any(self.credentials.values()):
            raise RuleViolation(
                "An admin cannot hold provider credentials; clear them before changing the role."
            )
        self._happen(self.RoleChanged, by, at, role=role.value)

    def set_provider_credentials(
        self, values: dict[str, str | None], by: Actor, at: datetime | None
    ) -> None:
        if self.role.is_admin:
            raise RuleViolation(
                "Admins cannot hold provider credentials.", reason="admin-credentials"
            )
        clean = provider_credentials_must_be_valid(values)
        self._happen(self.ProviderCredentialsSet, by, at, credentials={**self.credentials, **clean})

    def set_booking_slug(self, slug: str | None, by: Actor, at: datetime | None) -> None:
        if slug is not None:
            if self.role.is_admin:
                raise RuleViolation("Admins have no public booking page.")
            slug = slug_must_be_well_formed(slug)
        self._happen(self.BookingSlugSet, by, at, booking_slug=slug)

    def set_default_supervisor(
        self, supervisor: StaffMember | None, by: Actor, at: datetime | None
    ) -> None:
        if supervisor is not None:
            if self.role != Role.ASSOCIATE:
                raise RuleViolation("Only associates have a default supervisor.")
            if not supervisor.is_clinician or supervisor.role == Role.ASSOCIATE:
                raise RuleViolation("A supervisor is a licensed provider or the owner.")
            if supervisor.practice_id != self.practice_id or supervisor.status == "deactivated":
                raise RuleViolation("The supervisor must be an active member of this practice.")
        self._happen(
            self.DefaultSupervisorSet,
            by,
            at,
            supervisor_id=str(supervisor.id) if supervisor else None,
        )

    def deactivate(self, by: Actor, at: datetime | None) -> None:
        if self.role == Role.OWNER:
            raise RuleViolation("The practice owner cannot be deactivated.")
        if self.status != "deactivated":
            self._happen(self.Deactivated, by, at)

    def reactivate(self, by: Actor, at: datetime | None) -> None:
        if self.status == "deactivated":
            self._happen(self.Reactivated, by, at)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "practice_id": self.practice_id,
            "email": self.email,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "role": self.role.value,
            "status": self.status,
            "credentials": self.credentials,
        }
