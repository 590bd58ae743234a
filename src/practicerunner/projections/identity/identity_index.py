"""Indexes the sign-in ceremonies need: which staff member an invitation belongs to, which
portal accounts answer to an email, and the delegation grants of each practice."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.identity.accounts import PortalAccount
from practicerunner.domain.identity.delegation import DelegationGrant
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class IdentityIndex(Projection):
    name = "identity_index"
    version = 1
    handles = (
        StaffMember.Invited,
        PortalAccount.Opened,
        PortalAccount.EmailChanged,
        PortalAccount.Closed,
        PortalAccount.Reopened,
        DelegationGrant.Granted,
        DelegationGrant.Revoked,
        DelegationGrant.Renewed,
    )
    tables = (
        Table(
            "invitations",
            {"invitation_id": "TEXT", "staff_id": "TEXT NOT NULL"},
            key=("invitation_id",),
        ),
        Table(
            "portal_accounts",
            {
                "account_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "person_id": "TEXT NOT NULL",
                "email": "TEXT NOT NULL",
                "closed": "INTEGER NOT NULL",
            },
            key=("account_id",),
            indexes=(("practice_id", "email"),),
        ),
        Table(
            "delegations",
            {
                "grant_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "admin_id": "TEXT NOT NULL",
                "provider_id": "TEXT NOT NULL",
                "active": "INTEGER NOT NULL",
            },
            key=("grant_id",),
            indexes=(("practice_id", "admin_id"),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        oid = str(event.originator_id)
        if isinstance(event, StaffMember.Invited):
            batch.upsert("invitations", {"invitation_id": event.invitation_id}, staff_id=oid)
        elif isinstance(event, PortalAccount.Opened):
            batch.upsert(
                "portal_accounts",
                {"account_id": oid},
                practice_id=event.practice_id,
                person_id=event.person_id,
                email=event.email.lower(),
                closed=0,
            )
        elif isinstance(event, PortalAccount.EmailChanged):
            batch.update("portal_accounts", {"account_id": oid}, email=event.email.lower())
        elif isinstance(event, PortalAccount.Closed | PortalAccount.Reopened):
            closed = int(isinstance(event, PortalAccount.Closed))
            batch.update("portal_accounts", {"account_id": oid}, closed=closed)
        elif isinstance(event, DelegationGrant.Granted):
            batch.upsert(
                "delegations",
                {"grant_id": oid},
                practice_id=event.practice_id,
                admin_id=event.admin_id,
                provider_id=event.provider_id,
                active=1,
            )
        elif isinstance(event, DelegationGrant.Revoked | DelegationGrant.Renewed):
            active = int(isinstance(event, DelegationGrant.Renewed))
            batch.update("delegations", {"grant_id": oid}, active=active)


def staff_of_invitation(engine: Any, invitation_id: str) -> str | None:
    with engine.db.read() as tx:
        table = engine.tables(tx, "identity_index")["invitations"]
        row = tx.fetchone(f"SELECT staff_id FROM {table} WHERE invitation_id = %s", [invitation_id])
    return str(row[0]) if row else None


def portal_accounts_by_email(engine: Any, practice_id: str, email: str) -> list[str]:
    with engine.db.read() as tx:
        table = engine.tables(tx, "identity_index")["portal_accounts"]
        rows = tx.fetchall(
            f"SELECT person_id FROM {table} WHERE practice_id = %s AND email = %s AND closed = 0",
            [practice_id, email.lower()],
        )
    return [str(r[0]) for r in rows]


def delegations(engine: Any, practice_id: str) -> list[dict[str, Any]]:
    with engine.db.read() as tx:
        table = engine.tables(tx, "identity_index")["delegations"]
        rows = tx.fetchall(
            f"SELECT admin_id, provider_id FROM {table} WHERE practice_id = %s AND active = 1 "
            "ORDER BY admin_id, provider_id",
            [practice_id],
        )
    return [{"admin_id": a, "provider_id": p} for a, p in rows]
