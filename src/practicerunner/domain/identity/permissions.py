"""Who may do what: the role-permission matrix, one source for the code and the docs."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from practicerunner.domain.practice.roles import ClientRole, Role


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
    # identity and access (issue 3)
    ACCOUNT_OWN = "account.own"
    ACCOUNT_RESET = "account.reset"
    ACT_AS_PROVIDER = "delegation.act"
    DELEGATION_MANAGE = "delegation.manage"
    ACCESS_LOG_READ = "access_log.read"
    PRACTICE_EXPORT = "practice.export"
    PORTAL_ACCESS_MANAGE = "portal_access.manage"
    # clients, cases and scheduling (issue 4)
    CLIENTS_READ = "clients.read"
    CLIENTS_MANAGE = "clients.manage"
    DIAGNOSES_READ = "diagnoses.read"
    DIAGNOSES_MANAGE = "diagnoses.manage"
    SCHEDULE_READ = "schedule.read"
    SCHEDULE_MANAGE = "schedule.manage"
    FEEDS_MANAGE = "feeds.manage"
    # clinical notes and tasks (issue 11)
    NOTES_READ = "notes.read"
    NOTES_WRITE = "notes.write"
    NOTES_REVIEW = "notes.review"
    NOTE_TEMPLATES_MANAGE = "note_templates.manage"
    TASKS_READ = "tasks.read"
    TASKS_MANAGE = "tasks.manage"
    # billing documents (issue 10): superbills and claims carry diagnoses
    DOCUMENTS_READ = "documents.read"
    DOCUMENTS_MANAGE = "documents.manage"
    # billing (issue 9)
    BILLING_READ = "billing.read"
    BILLING_MANAGE = "billing.manage"
    BILLING_SETTINGS = "billing.settings"


_EVERYONE = {
    Permission.ACCOUNT_OWN,
    Permission.PRACTICE_READ,
    Permission.STAFF_READ,
    Permission.CATALOG_READ,
}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.PROVIDER: frozenset(_EVERYONE),
    Role.ASSOCIATE: frozenset(_EVERYONE),
    Role.COORDINATOR: frozenset(
        _EVERYONE
        | {
            Permission.STAFF_MANAGE,
            Permission.CATALOG_MANAGE,
            Permission.PRACTICE_MANAGE,
            Permission.ACT_AS_PROVIDER,
            Permission.PORTAL_ACCESS_MANAGE,
        }
    ),
    Role.SCHEDULER: frozenset(_EVERYONE | {Permission.ACT_AS_PROVIDER}),
    Role.BILLING: frozenset(_EVERYONE | {Permission.CATALOG_MANAGE, Permission.ACT_AS_PROVIDER}),
}

# Admins hold ACT_AS_PROVIDER by role, but may act only for the providers the owner granted them
# (a DelegationGrant); the owner may act for any clinician of the practice.

# Everything an archived practice may still do: read, export, resume, and keep its people
# able to sign in and manage their own passkeys. Every other permission writes practice data
# and is refused on Archive (``is_write`` below).
ARCHIVE_ALLOWED = frozenset(
    {
        Permission.PRACTICE_PLAN,
        Permission.ACCOUNT_OWN,
        Permission.ACCOUNT_RESET,
        Permission.ACT_AS_PROVIDER,
        Permission.PRACTICE_EXPORT,
    }
)


# Clients, cases and the schedule (issue 4): clinicians do clinical work; coordinators run
# the front desk; schedulers book but change no client records; billing reads, nothing clinical.
_CLINICAL_WORK = {
    Permission.CLIENTS_READ,
    Permission.CLIENTS_MANAGE,
    Permission.DIAGNOSES_READ,
    Permission.DIAGNOSES_MANAGE,
    Permission.SCHEDULE_READ,
    Permission.SCHEDULE_MANAGE,
    Permission.FEEDS_MANAGE,
}
_SCHEDULING_ADDITIONS: dict[Role, frozenset[Permission]] = {
    Role.PROVIDER: frozenset(_CLINICAL_WORK),
    Role.ASSOCIATE: frozenset(_CLINICAL_WORK),
    Role.COORDINATOR: frozenset(
        _CLINICAL_WORK - {Permission.DIAGNOSES_READ, Permission.DIAGNOSES_MANAGE}
    ),
    Role.SCHEDULER: frozenset(
        {
            Permission.CLIENTS_READ,
            Permission.SCHEDULE_READ,
            Permission.SCHEDULE_MANAGE,
            Permission.FEEDS_MANAGE,
        }
    ),
    Role.BILLING: frozenset({Permission.CLIENTS_READ, Permission.SCHEDULE_READ}),
}
for _role, _extra in _SCHEDULING_ADDITIONS.items():
    MATRIX[_role] = MATRIX[_role] | _extra

# Clinical notes and tasks (issue 11): note content is for clinicians only. Billing and
# scheduling staff never hold ``notes.read`` (not even while acting for a provider: acting
# never widens a role's own permissions), so no route shows them a note. Only licensed
# clinicians review (associates are the ones reviewed). Everyone works the task list.
_TASK_WORK = {Permission.TASKS_READ, Permission.TASKS_MANAGE}
_NOTES = {Permission.NOTES_READ, Permission.NOTES_WRITE}
_CLINICAL_ADDITIONS: dict[Role, frozenset[Permission]] = {
    Role.PROVIDER: frozenset(_TASK_WORK | _NOTES | {Permission.NOTES_REVIEW}),
    Role.ASSOCIATE: frozenset(_TASK_WORK | _NOTES),
    Role.COORDINATOR: frozenset(_TASK_WORK),
    Role.SCHEDULER: frozenset(_TASK_WORK),
    Role.BILLING: frozenset(_TASK_WORK),
}
for _role, _extra in _CLINICAL_ADDITIONS.items():
    MATRIX[_role] = MATRIX[_role] | _extra
# Billing documents: clinicians and billing staff make and download them; front-desk roles
# (coordinator, scheduler) never, as superbills and claims carry diagnoses.
_DOCUMENTS = frozenset({Permission.DOCUMENTS_READ, Permission.DOCUMENTS_MANAGE})
for _role in (Role.PROVIDER, Role.ASSOCIATE, Role.BILLING):
    MATRIX[_role] = MATRIX[_role] | _DOCUMENTS

# Billing (issue 9): the billing role runs invoices, payments, refunds and settings;
# coordinators see balances (the front desk answers "what do I owe?"), change nothing.
_BILLING_ADDITIONS: dict[Role, frozenset[Permission]] = {
    Role.BILLING: frozenset(
        {Permission.BILLING_READ, Permission.BILLING_MANAGE, Permission.BILLING_SETTINGS}
    ),
    Role.COORDINATOR: frozenset({Permission.BILLING_READ}),
}
for _role, _extra in _BILLING_ADDITIONS.items():
    MATRIX[_role] = MATRIX[_role] | _extra
NOTE_CONTENT_PERMISSIONS = frozenset({Permission.NOTES_READ, Permission.NOTES_WRITE})


def role_may(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]


def is_write(permission: Permission) -> bool:
    """By convention a permission ending in ``.read`` or ``.export`` only reads."""
    return not permission.value.endswith((".read", ".export"))


def allowed_on_archive(permission: Permission) -> bool:
    return not is_write(permission) or permission in ARCHIVE_ALLOWED


def matrix_markdown() -> str:
    """The matrix as the table in docs/access.md (a test keeps the two identical)."""
    roles = list(Role)
    lines = [
        "| permission | " + " | ".join(r.value for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for permission in Permission:
        marks = " | ".join("yes" if permission in MATRIX[r] else "-" for r in roles)
        lines.append(f"| `{permission.value}` | {marks} |")
    return "\n".join(lines) + "\n"


# -- the portal ---------------------------------------------------------------------------------


class PortalPermission(StrEnum):
    """What a person may do in the portal, per case, by their role in that case."""

    ACCOUNT = "portal.account"
    APPOINTMENTS_READ = "portal.appointments.read"
    APPOINTMENTS_REQUEST = "portal.appointments.request"
    MESSAGES_READ = "portal.messages.read"
    MESSAGES_SEND = "portal.messages.send"
    FORMS_COMPLETE = "portal.forms.complete"
    FORMS_SIGN_FOR_DEPENDENT = "portal.forms.sign_for_dependent"
    DOCUMENTS_READ = "portal.documents.read"
    BILLING_READ = "portal.billing.read"
    BILLING_PAY = "portal.billing.pay"


_PORTAL_PARTICIPANT = {
    PortalPermission.ACCOUNT,
    PortalPermission.APPOINTMENTS_READ,
    PortalPermission.APPOINTMENTS_REQUEST,
    PortalPermission.MESSAGES_READ,
    PortalPermission.MESSAGES_SEND,
    PortalPermission.FORMS_COMPLETE,
    PortalPermission.DOCUMENTS_READ,
}

# A billing contact sees no clinical forms; a scheduling helper sees no billing (section 2).
# Billing is visible only to those with billing access, participants included.
PORTAL_MATRIX: dict[ClientRole, frozenset[PortalPermission]] = {
    ClientRole.PARTICIPANT: frozenset(_PORTAL_PARTICIPANT),
    ClientRole.REPRESENTATIVE: frozenset(
        _PORTAL_PARTICIPANT | {PortalPermission.FORMS_SIGN_FOR_DEPENDENT}
    ),
    ClientRole.BILLING_CONTACT: frozenset(
        {PortalPermission.ACCOUNT, PortalPermission.BILLING_READ, PortalPermission.BILLING_PAY}
    ),
    ClientRole.SCHEDULING_HELPER: frozenset(
        {
            PortalPermission.ACCOUNT,
            PortalPermission.APPOINTMENTS_READ,
            PortalPermission.APPOINTMENTS_REQUEST,
        }
    ),
    ClientRole.MESSAGE_RECIPIENT: frozenset(
        {PortalPermission.ACCOUNT, PortalPermission.MESSAGES_READ}
    ),
}


def client_roles_may(roles: Iterable[ClientRole], permission: PortalPermission) -> bool:
    """Roles in one case combine: a participant who is also the billing contact sees billing."""
    return any(permission in PORTAL_MATRIX[r] for r in roles)


def portal_matrix_markdown() -> str:
    roles = list(ClientRole)
    lines = [
        "| portal permission | " + " | ".join(r.value for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for permission in PortalPermission:
        marks = " | ".join("yes" if permission in PORTAL_MATRIX[r] else "-" for r in roles)
        lines.append(f"| `{permission.value}` | {marks} |")
    return "\n".join(lines) + "\n"
