"""Who may do what: the role-permission matrix, one source for the code and the docs."""

from __future__ import annotations

from enum import StrEnum

from practicerunner.domain.roles import Role


class Permission(StrEnum):
    PRACTICE_READ = "practice.read"
    PRACTICE_MANAGE = "practice.manage"
    PRACTICE_PLAN = "practice.plan"
    STAFF_READ = "staff.read"
    STAFF_MANAGE = "staff.manage"
    CATALOG_READ = "catalog.read"
    CATALOG_MANAGE = "catalog.manage"
    AUDIT_READ = "audit.read"
    SYSTEM_READ = "system.read"


_EVERYONE = {
    Permission.PRACTICE_READ,
    Permission.STAFF_READ,
    Permission.CATALOG_READ,
}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.PROVIDER: frozenset(_EVERYONE),
    Role.ASSOCIATE: frozenset(_EVERYONE),
    Role.COORDINATOR: frozenset(
        _EVERYONE | {Permission.STAFF_MANAGE, Permission.CATALOG_MANAGE, Permission.PRACTICE_MANAGE}
    ),
    Role.SCHEDULER: frozenset(_EVERYONE),
    Role.BILLING: frozenset(_EVERYONE | {Permission.CATALOG_MANAGE}),
}


def role_may(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]
