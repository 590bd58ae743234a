"""Monthly superbills: on the practice's chosen day of each month (a documents setting, off by
default), every client with a completed session in the month before gets that month's
superbill. The document's id derives from the practice, case, client and month, so however
often this runs, on however many processes, and after any rebuild, there is one per client
per case per month.

Asked on every dispatcher tick with the runtime's clock, it reads the practices at most once
per practice-local day, so a tick costs nothing the rest of the day."""

from __future__ import annotations

import weakref
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.commands.documents.documents import request_monthly_superbill
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import DomainError
from practicerunner.projections.reading import Reader
from practicerunner.projections.scheduling.schedule import ts

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

SERVICE = Actor.service("monthly-superbills")
# Per runtime, the (practice, local day) pairs already looked at. Keyed by the runtime's id
# (a Runtime is not hashable), and each entry dropped when its runtime is collected, so a
# later runtime that happens to get the same id starts with nothing checked.
_CHECKED: dict[int, set[tuple[str, date]]] = {}


def _checked_of(runtime: object) -> set[tuple[str, date]]:
    key = id(runtime)
    if key not in _CHECKED:
        _CHECKED[key] = set()
        weakref.finalize(runtime, _CHECKED.pop, key, None)
    return _CHECKED[key]


def previous_month(day: date) -> tuple[date, date]:
    first_this = day.replace(day=1)
    last_previous = first_this - timedelta(days=1)
    return last_previous.replace(day=1), last_previous


def clients_seen(
    reader: Reader, practice_id: str, zone: ZoneInfo, start: date, end: date
) -> list[tuple[str, str]]:
    """(case, client) pairs with a completed session they attended in the period."""
    first = datetime.combine(start, time(), zone).astimezone(UTC)
    last = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    with reader.db.read() as tx:
        rows = reader.select(
            tx, "schedule", "appointments",
            "practice_id = %s AND status = 'completed' AND starts_at >= %s AND starts_at < %s",
            [practice_id, ts(first), ts(last)], columns=("case_id", "attendance"),
        )  # fmt: skip
    pairs = {
        (r["case_id"], person)
        for r in rows
        for person, mark in (r["attendance"] or {}).items()
        if mark != "absent"
    }
    return sorted(pairs)


def make_monthly_superbills(runtime: Services) -> int:
    """Returns how many superbills it asked for."""
    checked = _checked_of(runtime)
    now = runtime.clock.now()
    reader = Reader(runtime.engine)
    with runtime.db.read() as tx:
        practices = reader.select(
            tx, "practice_directory", "practices", "1 = 1", [],
            columns=("practice_id", "timezone", "settings"),
        )  # fmt: skip
    made = 0
    for p in practices:
        docs: dict[str, Any] = (p["settings"] or {}).get("documents_forms", {})
        if not docs.get("monthly_superbills"):
            continue
        zone = ZoneInfo(p["timezone"])
        today = now.astimezone(zone).date()
        if (p["practice_id"], today) in checked:
            continue
        if today.day < int(docs.get("monthly_superbill_day", 1)):
            checked.add((p["practice_id"], today))
            continue
        start, end = previous_month(today)
        ctx = runtime.context(SERVICE, UUID(p["practice_id"]))
        for case_id, person_id in clients_seen(reader, p["practice_id"], zone, start, end):
            try:
                made += request_monthly_superbill(ctx, case_id, person_id, start, end) is not None
            except DomainError:
                continue  # a consultation case, a practice on Archive, a concurrent twin
        checked.add((p["practice_id"], today))
    return made
