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


class ClientRole(StrEnum):
    """What a person is to a case, on the portal side (PRODUCT.md section 2). One person may
    hold several roles in one case and different roles in different cases."""

    PARTICIPANT = "participant"
    REPRESENTATIVE = "representative"
    BILLING_CONTACT = "billing_contact"
    SCHEDULING_HELPER = "scheduling_helper"
    MESSAGE_RECIPIENT = "message_recipient"
