"""When a person loses access, end their sessions: a staff member deactivated or reset by the
owner, a portal account closed.

A follower of the event log whose effect is ending rows of the session table, written in the
same transaction as its tracking position (exactly once). Only sessions that began before the
event end, so replaying the log never ends a session started afterwards. The API also checks
the staff member's status on every request, so access stops even before this has caught up.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from practicerunner.domain.identity.accounts import PortalAccount, StaffAccount
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.projections.batch import Batch
from practicerunner.projections.engine import Projection


class SessionRevocation(Projection):
    name = "session_revocation"
    version = 1
    rebuildable = False  # ending sessions again is harmless but pointless
    handles = (StaffMember.Deactivated, StaffAccount.AccessReset, PortalAccount.Closed)
    tables = ()

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, StaffMember.Deactivated):
            kind, subject, reason = "staff", str(event.originator_id), "deactivated"
        elif isinstance(event, StaffAccount.AccessReset):
            kind, subject, reason = "staff", event.staff_id, "access-reset"
        else:
            kind, subject, reason = "portal", event.person_id, "portal-closed"
        at = event.timestamp.astimezone(UTC).isoformat(timespec="microseconds")
        batch.tx.execute(
            "UPDATE auth_sessions SET ended_at = %s, end_reason = %s "
            "WHERE ended_at IS NULL AND kind = %s AND subject_id = %s AND created_at <= %s",
            (at, reason, kind, subject, at),
        )
