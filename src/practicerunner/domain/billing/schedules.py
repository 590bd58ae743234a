"""When a provider's sessions are invoiced: a session belongs to the period that closes on the
schedule's next run day after it (daily: the next day; weekly on a weekday; monthly on a day
of the month). A period is named by its closing day, which is also when it is invoiced."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def period_closing(schedule: dict[str, Any], service_date: date) -> date:
    if schedule["frequency"] == "daily":
        return service_date + timedelta(days=1)
    if schedule["frequency"] == "weekly":
        ahead = (int(schedule["weekday"]) - service_date.weekday() - 1) % 7 + 1
        return service_date + timedelta(days=ahead)
    day = int(schedule["day"])
    if service_date.day < day:
        return service_date.replace(day=day)
    year, month = (service_date.year + 1, 1) if service_date.month == 12 else (
        service_date.year, service_date.month + 1,
    )  # fmt: skip
    return date(year, month, day)
