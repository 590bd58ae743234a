"""Money rules of the billing context: integer cents, never negative where a sum is asked for,
never above what a practice could plausibly bill at once."""

from __future__ import annotations

from practicerunner.domain.errors import InvalidValue

MAX_AMOUNT = 10_000_000  # $100,000


def amount_must_be_positive(cents: int, field: str = "amount_cents") -> int:
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise InvalidValue("An amount is a whole number of cents.", field=field)
    if cents <= 0:
        raise InvalidValue("An amount is more than zero cents.", field=field)
    if cents > MAX_AMOUNT:
        raise InvalidValue("An amount above $100,000 is not accepted.", field=field)
    return cents


def percent_of(cents: int, percent: int) -> int:
    """``percent`` of ``cents``, rounded half up to the cent (integer arithmetic only)."""
    return (cents * percent + 50) // 100
