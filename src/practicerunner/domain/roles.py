"""Staff roles and plans, as PRODUCT.md section 1 names them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    PROVIDER = "provider"
    ASSOCIATE = "associate"
    COORDINATOR = "coordinator"
    SCHEDULER = "scheduler"
    BILLING = "billing"

    @property
    def is_admin(self) -> bool:
        """Admin roles have no clinical duties and never appear in provider pickers."""
        return self in ADMIN_ROLES

    @property
    def may_be_clinician(self) -> bool:
        return self in (Role.OWNER, Role.PROVIDER, Role.ASSOCIATE)


ADMIN_ROLES = frozenset({Role.COORDINATOR, Role.SCHEDULER, Role.BILLING})


class Plan(StrEnum):
    STARTER = "starter"
    PROFESSIONAL = "professional"
    GROUP = "group"
    ARCHIVE = "archive"
