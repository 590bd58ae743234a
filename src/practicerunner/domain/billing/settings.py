"""Billing settings: the practice's defaults, and overrides for one case or one billing
contact. A value set on the case wins over the billing contact's, which wins over the
practice's: the case is the narrower agreement (a sliding-scale fee for one family's case),
the billing contact the payer's own choice (AutoPay for everything they pay).

Providers' billing schedules (daily, weekly on a weekday, monthly on a day) are the
practice's alone: they decide when the provider's sessions are invoiced."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import InvalidValue


class BillingMode(StrEnum):
    MANUAL = "manual"  # staff invoice by hand
    AUTO_INVOICE = "auto_invoice"  # invoiced on the schedule; paid through the pay link
    AUTOPAY = "autopay"  # invoiced on the schedule; a saved method is charged when due
    DAILY_AUTOPAY = "daily_autopay"  # invoiced and charged right after each session


METHODS = ("card", "us_bank_account", "cash", "check", "zelle", "other")
OUTSIDE_METHODS = frozenset({"cash", "check", "zelle", "other"})

DEFAULTS: dict[str, Any] = {
    "billing_mode": BillingMode.MANUAL.value,
    "accepted_methods": list(METHODS),
    "review_delay_hours": 0,
    # A discount for payers by bank transfer or outside payment: percent or fixed cents.
    "discount": {"applies_to": [], "kind": "percent", "value": 0},
    "late_cancel_fee_cents": None,  # None: late cancellations are not invoiced
    "no_show_fee_cents": None,
    "payment_terms_days": 14,
    "autopay_notice": True,
    "autopay_notice_hours": 48,
    "autopay_retry_days": [1, 3],
}
PRACTICE_ONLY = frozenset({"autopay_retry_days"})
DEFAULT_SCHEDULE: dict[str, Any] = {"frequency": "monthly", "day": 1}


def _int(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(f"{key} is a whole number from {low} to {high}.", field=key)
    return value


def _fee(key: str, value: Any) -> int | None:
    return None if value is None else _int(key, value, 0, 10_000_000)


def validate_settings(values: dict[str, Any], *, practice: bool) -> dict[str, Any]:
    """A change to billing settings, checked key by key; unknown keys are refused."""
    if not values:
        raise InvalidValue("No billing settings were given.", field="values")
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in DEFAULTS or (key in PRACTICE_ONLY and not practice):
            raise InvalidValue(f"Unknown billing setting '{key}'.", field=key)
        if value is None and not practice:
            clean[key] = None  # an override set back to "as the practice"
            continue
        clean[key] = _validated(key, value)
    return clean


def _validated(key: str, value: Any) -> Any:
    if key == "billing_mode":
        try:
            return BillingMode(value).value
        except ValueError:
            raise InvalidValue(
                "billing_mode is manual, auto_invoice, autopay or daily_autopay.", field=key
            ) from None
    if key == "accepted_methods":
        if not isinstance(value, list) or not value or set(value) - set(METHODS):
            raise InvalidValue(f"accepted_methods are some of {', '.join(METHODS)}.", field=key)
        return [m for m in METHODS if m in value]
    if key == "review_delay_hours":
        return _int(key, value, 0, 720)
    if key == "payment_terms_days":
        return _int(key, value, 0, 120)
    if key == "autopay_notice_hours":
        return _int(key, value, 1, 336)
    if key in ("late_cancel_fee_cents", "no_show_fee_cents"):
        return _fee(key, value)
    if key == "autopay_notice":
        if not isinstance(value, bool):
            raise InvalidValue("autopay_notice is true or false.", field=key)
        return value
    if key == "autopay_retry_days":
        if (
            not isinstance(value, list)
            or len(value) > 5
            or any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 30 for d in value)
            or value != sorted(set(value))
        ):
            raise InvalidValue("autopay_retry_days: up to 5 rising days from 1 to 30.", field=key)
        return list(value)
    return _discount(value)


def _discount(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"applies_to", "kind", "value"}:
        raise InvalidValue("discount has applies_to, kind and value.", field="discount")
    applies = value["applies_to"]
    if not isinstance(applies, list) or set(applies) - {"bank_transfer", "manual"}:
        raise InvalidValue("discount.applies_to: bank_transfer and/or manual.", field="discount")
    if value["kind"] == "percent":
        amount = _int("discount.value", value["value"], 0, 50)
    elif value["kind"] == "fixed":
        amount = _int("discount.value", value["value"], 0, 1_000_000)
    else:
        raise InvalidValue("discount.kind is percent or fixed.", field="discount")
    return {"applies_to": sorted(set(applies)), "kind": value["kind"], "value": amount}


def validate_schedule(schedule: dict[str, Any]) -> dict[str, Any]:
    frequency = schedule.get("frequency")
    if frequency == "daily" and set(schedule) == {"frequency"}:
        return {"frequency": "daily"}
    if frequency == "weekly" and set(schedule) == {"frequency", "weekday"}:
        return {"frequency": "weekly", "weekday": _int("weekday", schedule["weekday"], 0, 6)}
    if frequency == "monthly" and set(schedule) == {"frequency", "day"}:
        return {"frequency": "monthly", "day": _int("day", schedule["day"], 1, 28)}
    raise InvalidValue(
        "A schedule is {frequency: daily}, {frequency: weekly, weekday: 0-6 (Monday 0)} or "
        "{frequency: monthly, day: 1-28}.",
        field="schedule",
    )


def effective(
    practice: dict[str, Any],
    contact: dict[str, Any] | None = None,
    case: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What applies to one case's sessions billed to one contact."""
    result = {**DEFAULTS, **practice}
    for override in (contact or {}, case or {}):
        result.update({k: v for k, v in override.items() if v is not None})
    return result


def settings_id(practice_id: str | UUID) -> UUID:
    return natural_id("billing-settings", practice_id)


def override_id(practice_id: str | UUID, scope: str, scope_id: str | UUID) -> UUID:
    return natural_id("billing-override", practice_id, scope, scope_id)


class BillingSettings(PracticeAggregate):
    """The practice's billing defaults and its providers' billing schedules."""

    snapshot_every = 50

    def __init__(self, practice_id: str) -> None:
        self.practice_id = practice_id
        self.values: dict[str, Any] = {}
        self.schedules: dict[str, dict[str, Any]] = {}
        # "case:<id>" / "billing_contact:<id>" of every override: billing reads an override
        # only where one exists (a look-up of a missing aggregate still costs a query).
        self.overrides: list[str] = []

    class Started(PracticeAggregate.Created):
        practice_id: str

    class OverrideStarted(PracticeAggregate.Event):
        scope: str
        scope_id: str

        def apply(self, settings: BillingSettings) -> None:
            settings.overrides = [*settings.overrides, f"{self.scope}:{self.scope_id}"]

    class Changed(PracticeAggregate.Event):
        values: dict[str, Any]

        def apply(self, settings: BillingSettings) -> None:
            settings.values = {**settings.values, **self.values}

    class ProviderScheduleSet(PracticeAggregate.Event):
        provider_id: str
        schedule: dict[str, Any]

        def apply(self, settings: BillingSettings) -> None:
            settings.schedules = {**settings.schedules, self.provider_id: dict(self.schedule)}

    @classmethod
    def start(cls, practice_id: str, by: Actor, at: datetime | None) -> BillingSettings:
        return cls._start(
            cls.Started, id=settings_id(practice_id), by=by, at=at, practice_id=practice_id
        )

    @property
    def current(self) -> dict[str, Any]:
        return {**DEFAULTS, **self.values}

    def has_override(self, scope: str, scope_id: str) -> bool:
        return f"{scope}:{scope_id}" in getattr(self, "overrides", [])

    def note_override(self, scope: str, scope_id: str, by: Actor, at: datetime | None) -> None:
        if not self.has_override(scope, scope_id):
            self._happen(self.OverrideStarted, by, at, scope=scope, scope_id=scope_id)

    def schedule_of(self, provider_id: str) -> dict[str, Any]:
        return self.schedules.get(provider_id, DEFAULT_SCHEDULE)

    def change(self, values: dict[str, Any], by: Actor, at: datetime | None) -> None:
        clean = validate_settings(values, practice=True)
        changed = {k: v for k, v in clean.items() if self.current.get(k) != v}
        if changed:
            self._happen(self.Changed, by, at, values=changed)

    def set_provider_schedule(
        self, provider_id: str, schedule: dict[str, Any], by: Actor, at: datetime | None
    ) -> None:
        clean = validate_schedule(schedule)
        if self.schedules.get(provider_id) != clean:
            self._happen(self.ProviderScheduleSet, by, at, provider_id=provider_id, schedule=clean)


class BillingOverride(PracticeAggregate):
    """Overrides for one case or one billing contact (``scope``: case or billing_contact)."""

    def __init__(self, practice_id: str, scope: str, scope_id: str) -> None:
        self.practice_id = practice_id
        self.scope = scope
        self.scope_id = scope_id
        self.values: dict[str, Any] = {}

    class Started(PracticeAggregate.Created):
        practice_id: str
        scope: str
        scope_id: str

    class Changed(PracticeAggregate.Event):
        values: dict[str, Any]

        def apply(self, override: BillingOverride) -> None:
            merged = {**override.values, **self.values}
            override.values = {k: v for k, v in merged.items() if v is not None}

    @classmethod
    def start(
        cls, practice_id: str, scope: str, scope_id: str, by: Actor, at: datetime | None
    ) -> BillingOverride:
        if scope not in ("case", "billing_contact"):
            raise InvalidValue("An override is for a case or a billing contact.", field="scope")
        return cls._start(
            cls.Started,
            id=override_id(practice_id, scope, scope_id),
            by=by,
            at=at,
            practice_id=practice_id,
            scope=scope,
            scope_id=scope_id,
        )

    def change(self, values: dict[str, Any], by: Actor, at: datetime | None) -> None:
        clean = validate_settings(values, practice=False)
        changed = {k: v for k, v in clean.items() if self.values.get(k) != v}
        if changed:
            self._happen(self.Changed, by, at, values=changed)
