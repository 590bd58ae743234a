"""Staff and provider list: who works at each practice, in which role, with which credentials."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.practice.roles import Role
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class StaffList(Projection):
    name = "staff"
    version = 1
    handles = (
        StaffMember.Added,
        StaffMember.Invited,
        StaffMember.InvitationAccepted,
        StaffMember.Renamed,
        StaffMember.RoleChanged,
        StaffMember.ProviderCredentialsSet,
        StaffMember.BookingSlugSet,
        StaffMember.DefaultSupervisorSet,
        StaffMember.Deactivated,
        StaffMember.Reactivated,
    )
    tables = (
        Table(
            "staff",
            {
                "staff_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "email": "TEXT NOT NULL",
                "given_name": "TEXT NOT NULL",
                "family_name": "TEXT NOT NULL",
                "role": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "is_provider": "INTEGER NOT NULL",
                "credentials": "TEXT NOT NULL",
                "booking_slug": "TEXT",
                "default_supervisor_id": "TEXT",
                "invitation_expires_at": "TEXT",
                "added_at": "TEXT NOT NULL",
                "joined_at": "TEXT",
                "version": "INTEGER NOT NULL",
            },
            key=("staff_id",),
            indexes=(("practice_id", "added_at", "staff_id"),),
        ),
    )

    @staticmethod
    def _is_provider(role: str, status: str, credentials: dict[str, Any]) -> int:
        """Providers are clinicians; admins never are. An owner counts once credentialed."""
        r = Role(role)
        if status == "deactivated" or r.is_admin:
            return 0
        if r == Role.OWNER:
            return int(any(credentials.values()))
        return 1

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"staff_id": str(event.originator_id)}
        if isinstance(event, StaffMember.Added):
            batch.upsert(
                "staff",
                key,
                practice_id=event.practice_id,
                email=batch.seal(event.email),
                given_name=batch.seal(event.given_name),
                family_name=batch.seal(event.family_name),
                role=event.role,
                status="invited",
                is_provider=self._is_provider(event.role, "invited", {}),
                credentials="{}",
                booking_slug=None,
                default_supervisor_id=None,
                invitation_expires_at=None,
                added_at=event.timestamp.isoformat(),
                joined_at=None,
                version=event.originator_version,
            )
            return
        row = batch.get("staff", key)
        if row is None:  # pragma: no cover - an Added always comes first
            return
        changes: dict[str, Any] = {"version": event.originator_version}
        if isinstance(event, StaffMember.Invited):
            changes["invitation_expires_at"] = event.expires_at.isoformat()
        elif isinstance(event, StaffMember.InvitationAccepted):
            changes.update(
                status="active", invitation_expires_at=None, joined_at=event.timestamp.isoformat()
            )
        elif isinstance(event, StaffMember.Renamed):
            changes.update(
                given_name=batch.seal(event.given_name), family_name=batch.seal(event.family_name)
            )
        elif isinstance(event, StaffMember.RoleChanged):
            changes["role"] = event.role
        elif isinstance(event, StaffMember.ProviderCredentialsSet):
            changes["credentials"] = json.dumps(event.credentials, sort_keys=True)
        elif isinstance(event, StaffMember.BookingSlugSet):
            changes["booking_slug"] = event.booking_slug
        elif isinstance(event, StaffMember.DefaultSupervisorSet):
            changes["default_supervisor_id"] = event.supervisor_id
        elif isinstance(event, StaffMember.Deactivated):
            changes.update(status="deactivated", invitation_expires_at=None)
        elif isinstance(event, StaffMember.Reactivated):
            changes["status"] = "active" if row["joined_at"] else "invited"
        merged = {**row, **changes}
        changes["is_provider"] = self._is_provider(
            merged["role"], merged["status"], json.loads(merged["credentials"])
        )
        batch.update("staff", key, **changes)
