"""Practice settings, grouped as the settings screens are, with their product defaults."""

from __future__ import annotations

from typing import Any

from practicerunner.domain.errors import InvalidValue

DEFAULT_SETTINGS: dict[str, dict[str, Any]] = {
    "billing": {
        "currency": "USD",
        "billing_mode": "manual",
        "invoice_review_delay_hours": 0,
        "autopay_retry_days": [1, 3],
        "bank_transfer_discount_percent": 0,
    },
    "portal": {
        "enabled": True,
        "allow_client_requests": False,
        "auto_accept_client_requests": False,
        "rescheduling_window_hours": 24,
        "client_calendar_feeds": True,
    },
    "scheduling": {
        "late_cancel_window_hours": 24,
        "planned_absence_enabled": False,
        "planned_absence_allowance": 6,
        "slot_step_minutes": 15,
        "minimum_notice_hours": 24,
        "maximum_advance_days": 60,
        "buffer_minutes": 0,
        "public_scheduling": False,
    },
    "reminders": {
        "email_enabled": True,
        "offsets_minutes": [1440, 120],
        "provider_feed_titles": "initials",
    },
    "security": {
        "staff_idle_timeout_minutes": 30,
        "portal_idle_timeout_minutes": 15,
        "absolute_session_hours": 12,
    },
    "documents_forms": {
        "default_intake_set": [],
        "signature_requires_typed_name": True,
        # A completed session without a signed note opens a task for its clinician after this.
        "missing_note_after_hours": 48,
        # Billing documents (superbills, CMS-1500 claims).
        "monthly_superbills": False,
        "monthly_superbill_day": 1,
        "telehealth_place_of_service": "10",
        "telehealth_modifiers": True,
        "consultation_superbills": False,
        "claim_supervisor_rule": "supervisor_in_17",
        "claim_offset_x_points": 0,
        "claim_offset_y_points": 0,
    },
    "contacts": {
        "dedupe_by_email": True,
        "dedupe_by_name_and_birth_date": True,
    },
}

# Bounds for numeric settings: a practice cannot set a 0-minute idle timeout or a
# negative window by accident.
_BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    ("scheduling", "late_cancel_window_hours"): (0, 168),
    ("scheduling", "planned_absence_allowance"): (0, 52),
    ("scheduling", "slot_step_minutes"): (5, 120),
    ("scheduling", "minimum_notice_hours"): (0, 720),
    ("scheduling", "maximum_advance_days"): (1, 730),
    ("scheduling", "buffer_minutes"): (0, 240),
    ("security", "staff_idle_timeout_minutes"): (5, 720),
    ("security", "portal_idle_timeout_minutes"): (5, 720),
    ("security", "absolute_session_hours"): (1, 24),
    ("billing", "invoice_review_delay_hours"): (0, 720),
    ("billing", "bank_transfer_discount_percent"): (0, 50),
    ("portal", "rescheduling_window_hours"): (0, 720),
    # At least an hour (the missing-note check looks no sooner), at most two weeks.
    ("documents_forms", "missing_note_after_hours"): (1, 336),
    # A day every month has; offsets at most an inch (72 points) either way.
    ("documents_forms", "monthly_superbill_day"): (1, 28),
    ("documents_forms", "claim_offset_x_points"): (-72, 72),
    ("documents_forms", "claim_offset_y_points"): (-72, 72),
}
_CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("billing", "billing_mode"): frozenset({"manual", "auto_invoice", "autopay", "daily_autopay"}),
    ("billing", "currency"): frozenset({"USD"}),
    ("reminders", "provider_feed_titles"): frozenset({"initials", "full_name"}),
    ("documents_forms", "telehealth_place_of_service"): frozenset({"02", "10"}),
    ("documents_forms", "claim_supervisor_rule"): frozenset(
        {"supervisor_in_17", "supervisor_renders"}
    ),
}


def default_settings() -> dict[str, dict[str, Any]]:
    # Two levels deep is enough: values are replaced by SettingsChanged, never mutated in place.
    return {group: dict(values) for group, values in DEFAULT_SETTINGS.items()}


def validate_settings_change(group: str, values: dict[str, Any]) -> dict[str, Any]:
    """Checks a change to one settings group: known keys, the right types, within bounds."""
    if group not in DEFAULT_SETTINGS:
        raise InvalidValue(
            f"Unknown settings group '{group}'. Groups: {', '.join(sorted(DEFAULT_SETTINGS))}.",
            field="group",
        )
    if not values:
        raise InvalidValue("No settings were given to change.", field="values")
    defaults = DEFAULT_SETTINGS[group]
    for key, value in values.items():
        if key not in defaults:
            raise InvalidValue(f"Unknown setting '{group}.{key}'.", field=f"values.{key}")
        expected = type(defaults[key])
        if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
            raise InvalidValue(
                f"Setting '{group}.{key}' takes a {expected.__name__}.", field=f"values.{key}"
            )
        bounds = _BOUNDS.get((group, key))
        if bounds and not bounds[0] <= value <= bounds[1]:
            raise InvalidValue(
                f"Setting '{group}.{key}' must be between {bounds[0]} and {bounds[1]}.",
                field=f"values.{key}",
            )
        choices = _CHOICES.get((group, key))
        if choices and value not in choices:
            raise InvalidValue(
                f"Setting '{group}.{key}' must be one of {', '.join(sorted(choices))}.",
                field=f"values.{key}",
            )
        if key == "offsets_minutes" and (
            not all(isinstance(v, int) and 5 <= v <= 20160 for v in value) or len(value) > 5
        ):
            raise InvalidValue(
                "Reminder offsets are up to 5 whole minutes between 5 and 20160.",
                field=f"values.{key}",
            )
    return dict(values)
