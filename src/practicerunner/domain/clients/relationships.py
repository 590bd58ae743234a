"""Relationships between people and the four helper roles, each granting least-privilege access
on a person's behalf; and the contact-point and age rules they rely on."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from practicerunner.domain.errors import InvalidValue
from practicerunner.domain.values import email_must_be_valid

ADULT_AGE = 18


class RelationshipKind(StrEnum):
    SPOUSE = "spouse"
    PARTNER = "partner"
    PARENT = "parent"
    CHILD = "child"
    GUARDIAN = "guardian"
    WARD = "ward"
    EMERGENCY_CONTACT = "emergency_contact"
    EMERGENCY_CONTACT_OF = "emergency_contact_of"


class HelperRole(StrEnum):
    REPRESENTATIVE = "representative"
    BILLING_CONTACT = "billing_contact"
    SCHEDULING_HELPER = "scheduling_helper"
    MESSAGE_RECIPIENT = "message_recipient"


class HelperCapability(StrEnum):
    SIGN_FORMS = "sign_forms"
    VIEW_CLINICAL_FORMS = "view_clinical_forms"
    VIEW_SCHEDULE = "view_schedule"
    REQUEST_SCHEDULE_CHANGES = "request_schedule_changes"
    RECEIVE_REMINDERS = "receive_reminders"
    RECEIVE_INVOICES = "receive_invoices"
    VIEW_BILLING = "view_billing"
    HOLD_PAYMENT_METHODS = "hold_payment_methods"
    RECEIVE_MESSAGES = "receive_messages"


C = HelperCapability


# Least privilege: each role gets only what its job needs. A billing contact sees no clinical
# forms; a scheduling helper sees no billing. Signing also needs staff verification.
HELPER_CAPABILITIES: dict[HelperRole, frozenset[HelperCapability]] = {
    HelperRole.REPRESENTATIVE: frozenset(
        {C.SIGN_FORMS, C.VIEW_CLINICAL_FORMS, C.VIEW_SCHEDULE, C.RECEIVE_REMINDERS}
    ),
    HelperRole.BILLING_CONTACT: frozenset(
        {C.RECEIVE_INVOICES, C.VIEW_BILLING, C.HOLD_PAYMENT_METHODS}
    ),
    HelperRole.SCHEDULING_HELPER: frozenset(
        {C.VIEW_SCHEDULE, C.REQUEST_SCHEDULE_CHANGES, C.RECEIVE_REMINDERS}
    ),
    HelperRole.MESSAGE_RECIPIENT: frozenset({C.RECEIVE_MESSAGES}),
}


def date_must_be_iso(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidValue(f"The {field.replace('_', ' ')} is not a date.", field=field) from None


def age_on(birth_date: str, on: date) -> int:
    born = date.fromisoformat(birth_date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def contact_points_must_be_valid(
    emails: list[dict[str, Any]], phones: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Emails and phones, each with exactly one primary when there are any."""
    clean_emails = [
        {"address": email_must_be_valid(str(e["address"])), "primary": bool(e.get("primary"))}
        for e in emails
    ]
    clean_phones = []
    for p in phones:
        number = str(p["number"]).strip()
        digits = [c for c in number if c.isdigit()]
        if not 7 <= len(digits) <= 15 or any(c not in "0123456789+-() ." for c in number):
            raise InvalidValue("A phone number has 7 to 15 digits.", field="phones")
        clean_phones.append(
            {
                "number": number,
                "label": p.get("label") or "mobile",
                "primary": bool(p.get("primary")),
            }
        )
    for items, field in ((clean_emails, "emails"), (clean_phones, "phones")):
        if items and sum(1 for i in items if i["primary"]) != 1:
            if not any(i["primary"] for i in items) and len(items) == 1:
                items[0]["primary"] = True
            else:
                raise InvalidValue(f"Exactly one of the {field} must be primary.", field=field)
    return clean_emails, clean_phones
