"""Recurring appointment series (RFC 5545 RRULE subset), expanded in the practice's timezone.

A series is a ``first_start`` (aware datetime, any zone), an IANA zone name and a
:class:`RecurrenceRule`. The rule is applied to *local calendar dates* in that zone and every
occurrence keeps the local wall-clock time of ``first_start``: a weekly 10:00 session stays at
10:00 local time across daylight-saving changes, so its UTC time moves by the offset change.

Choices callers depend on:

* Nonexistent local times (spring-forward gap) use the UTC offset from *before* the gap, i.e.
  shift forward by the gap length (02:30 becomes 03:30 when clocks jump 02:00 -> 03:00), as
  RFC 5545 3.3.5 prescribes for DTSTART. Ambiguous times (fall-back) take the first of the
  two (``fold=0``, the offset before the change).
* ``first_start`` is always the first occurrence, at exactly its own instant, even if it does
  not match BYDAY/BYMONTHDAY; it counts towards COUNT (RFC 5545 3.3.10). If it carries the
  series' ``ZoneInfo`` its wall time is used as given, so a start in a gap keeps its
  un-shifted wall time for later occurrences (see :func:`series_start_for`).
* UNTIL is inclusive: a UTC UNTIL is compared with occurrence instants, a date-only UNTIL with
  local dates. COUNT counts occurrences before EXDATEs and the window are applied.
* ``end = start + duration`` in elapsed time (a 50 minute session lasts 50 minutes on the
  night the clocks change). Weeks start on Monday (WKST=MO). ``expand`` returns at most
  ``limit`` occurrences, the earliest in the window. If a zone skips a whole calendar day
  (Samoa, 30 Dec 2011) and two dates map to one instant, that instant occurs once.

``recurrence_id`` (an occurrence's identity) is its computed start in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule as _rr

from practicerunner.domain.errors import InvalidValue

Frequency = Literal["DAILY", "WEEKLY", "MONTHLY"]
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_INTERVAL = 52
MAX_COUNT = 520
_FREQS: dict[str, int] = {"DAILY": _rr.DAILY, "WEEKLY": _rr.WEEKLY, "MONTHLY": _rr.MONTHLY}
_BYDAY = re.compile(r"([+-]?[0-9]{1,2})?([A-Z]{2})")
_UNTIL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?")
_DIGITS = re.compile(r"[+-]?[0-9]{1,9}")
_PARTS = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"})


class InvalidRecurrence(InvalidValue, ValueError):
    """A recurrence rule (or a request about a series) is malformed or unsupported."""

    code = "invalid-recurrence"
    title = "The repeat rule is not acceptable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="rrule")


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidRecurrence(message)


@dataclass(frozen=True)
class WeekdayNum:
    """A BYDAY entry: ``weekday`` 0 (Monday) .. 6 (Sunday), optional ``ordinal`` (MONTHLY)."""

    weekday: int
    ordinal: int | None = None

    def __str__(self) -> str:
        return f"{self.ordinal or ''}{WEEKDAY_CODES[self.weekday]}"


@dataclass(frozen=True)
class RecurrenceRule:
    """A validated RRULE. Build with :meth:`parse`; ``str(rule)`` is the canonical RRULE."""

    freq: Frequency
    interval: int = 1
    by_day: tuple[WeekdayNum, ...] = ()
    by_month_day: tuple[int, ...] = ()
    count: int | None = None
    until: datetime | date | None = None

    def __post_init__(self) -> None:
        freq, monthly = self.freq, self.freq == "MONTHLY"
        ordinals = [w.ordinal for w in self.by_day if w.ordinal is not None]
        _require(freq in _FREQS, f"FREQ={freq} is not supported; use DAILY, WEEKLY or MONTHLY.")
        _require(1 <= self.interval <= MAX_INTERVAL, f"INTERVAL must be 1 to {MAX_INTERVAL}.")
        count, month_days = self.count, self.by_month_day
        _require(count is None or 1 <= count <= MAX_COUNT, f"COUNT must be 1 to {MAX_COUNT}.")
        _require(count is None or self.until is None, "Use either COUNT or UNTIL, not both.")
        _require(all(0 <= w.weekday <= 6 for w in self.by_day), "BYDAY days must be MO to SU.")
        _require(monthly or not ordinals, "Numbered weekdays (2TU, -1FR) need FREQ=MONTHLY.")
        _require(all(1 <= abs(n) <= 5 for n in ordinals), "Weekday numbers must be 1-5 or -1..-5.")
        _require(monthly or not month_days, "BYMONTHDAY is only allowed with FREQ=MONTHLY.")
        _require(all(1 <= abs(d) <= 31 for d in month_days), "BYMONTHDAY must be 1-31 or -1..-31.")
        until = self.until
        if isinstance(until, datetime):
            if until.tzinfo is None or until.utcoffset() is None:
                raise InvalidRecurrence("UNTIL must be a UTC time (ending in Z) or a date.")
            until = until.astimezone(UTC).replace(microsecond=0)
        # Canonical form: sorted, de-duplicated parts; UNTIL in whole UTC seconds.
        by_day = sorted(set(self.by_day), key=lambda w: (w.weekday, w.ordinal or 0))
        object.__setattr__(self, "by_day", tuple(by_day))
        object.__setattr__(self, "by_month_day", tuple(sorted(set(self.by_month_day))))
        object.__setattr__(self, "until", until)

    @classmethod
    def parse(cls, text: str) -> RecurrenceRule:
        """Parse an RRULE value such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10``."""
        body = text.strip()
        if body.upper().startswith("RRULE:"):
            body = body[6:]
        parts: dict[str, str] = {}
        for raw in body.split(";"):
            if not raw.strip():
                continue
            name, sep, value = raw.partition("=")
            name, value = name.strip().upper(), value.strip().upper()
            _require(bool(sep and value), f"Repeat rule part {raw.strip()!r} needs NAME=VALUE.")
            _require(name not in parts, f"{name} appears more than once in the repeat rule.")
            _require(name in _PARTS, f"Repeat rule part {name} is not supported.")
            parts[name] = value
        _require("FREQ" in parts, "The repeat rule needs a FREQ (DAILY, WEEKLY or MONTHLY).")
        return cls(
            freq=cast(Frequency, parts["FREQ"]),  # checked in __post_init__
            interval=_int("INTERVAL", parts["INTERVAL"]) if "INTERVAL" in parts else 1,
            by_day=tuple(_weekday_num(v) for v in _list(parts, "BYDAY")),
            by_month_day=tuple(
                _int("BYMONTHDAY", v, signed=True) for v in _list(parts, "BYMONTHDAY")
            ),
            count=_int("COUNT", parts["COUNT"]) if "COUNT" in parts else None,
            until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
        )

    def __str__(self) -> str:
        out = [f"FREQ={self.freq}"]
        if self.interval != 1:
            out.append(f"INTERVAL={self.interval}")
        if self.by_day:
            out.append("BYDAY=" + ",".join(str(w) for w in self.by_day))
        if self.by_month_day:
            out.append("BYMONTHDAY=" + ",".join(str(d) for d in self.by_month_day))
        if self.count is not None:
            out.append(f"COUNT={self.count}")
        if isinstance(self.until, datetime):
            out.append(f"UNTIL={self.until:%Y%m%dT%H%M%SZ}")
        elif self.until is not None:
            out.append(f"UNTIL={self.until:%Y%m%d}")
        return ";".join(out)


def _list(parts: dict[str, str], name: str) -> list[str]:
    items = [item.strip() for item in parts[name].split(",")] if name in parts else []
    _require(all(items), f"{name} has an empty entry.")
    return items


def _int(name: str, value: str, *, signed: bool = False) -> int:
    if not _DIGITS.fullmatch(value) or (not signed and value[0] in "+-"):
        raise InvalidRecurrence(f"{name}={value} is not a valid whole number.")
    return int(value)


def _weekday_num(value: str) -> WeekdayNum:
    match = _BYDAY.fullmatch(value)
    if not match or match.group(2) not in WEEKDAY_CODES:
        raise InvalidRecurrence(f"BYDAY entry {value!r} is not a weekday like MO or 2TU.")
    ordinal = int(match.group(1)) if match.group(1) else None
    _require(ordinal != 0, f"BYDAY entry {value!r} cannot use 0 as its number.")
    return WeekdayNum(WEEKDAY_CODES.index(match.group(2)), ordinal)


def _until(value: str) -> datetime | date:
    match = _UNTIL.fullmatch(value)
    if not match or (match.group(4) is not None and not match.group(7)):
        raise InvalidRecurrence(
            f"UNTIL={value} must be a UTC time like 20250131T235959Z or a date like 20250131."
        )
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    try:
        if match.group(4) is None:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        raise InvalidRecurrence(f"UNTIL={value} is not a real date and time.") from None


@dataclass(frozen=True)
class Occurrence:
    """One occurrence: its identity (original UTC start) and its UTC start and end."""

    recurrence_id: datetime
    start: datetime
    end: datetime


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRecurrence(f"{tz!r} is not a known time zone.") from None


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def _local_dates(rule: RecurrenceRule, first: date) -> Iterator[date]:
    """``first`` followed by the rule's dates after it (rule applied from ``first``)."""
    yield first
    gen = _rr.rrule(
        _FREQS[rule.freq],
        dtstart=datetime.combine(first, time()),
        interval=rule.interval,
        wkst=_rr.MO,
        byweekday=[_rr.weekday(w.weekday, w.ordinal) for w in rule.by_day] or None,
        bymonthday=list(rule.by_month_day) or None,
        cache=False,
    )
    for dt in gen:
        if dt.date() > first:
            yield dt.date()


def _series(
    rule: RecurrenceRule, first_start: datetime, zone: ZoneInfo
) -> Iterator[tuple[datetime, datetime]]:
    """(naive local wall time, aware UTC start) for every occurrence, honouring COUNT/UNTIL."""
    given = _aware(first_start, "first_start")
    if not (isinstance(given.tzinfo, ZoneInfo) and given.tzinfo.key == zone.key):
        given = given.astimezone(zone)  # else keep the wall time as given, even in a gap
    local, produced, last = given.replace(tzinfo=None, fold=0), 0, None
    for day in _local_dates(rule, local.date()):
        if rule.count is not None and produced >= rule.count:
            return
        wall = datetime.combine(day, local.time())
        start = (wall.replace(tzinfo=zone) if produced else first_start).astimezone(UTC)
        if isinstance(rule.until, datetime):
            if start > rule.until:
                return
        elif rule.until is not None and day > rule.until:
            return
        if last is None or start > last:  # a skipped calendar day (Samoa 2011) can repeat one
            produced, last = produced + 1, start
            yield wall, start


def first_occurrence(rule: RecurrenceRule, first_start: datetime, tz: str) -> datetime | None:
    """The series' first start, or None when its rule yields none (an UNTIL before it)."""
    for _wall, start in _series(rule, first_start, _zone(tz)):
        return start
    return None


def expand(
    rule: RecurrenceRule,
    first_start: datetime,
    duration: timedelta,
    tz: str,
    *,
    window_start: datetime,
    window_end: datetime,
    exdates: frozenset[datetime] = frozenset(),
    limit: int = 1000,
) -> list[Occurrence]:
    """Occurrences whose start lies in ``[window_start, window_end)``, minus ``exdates``."""
    if duration < timedelta(0):
        raise ValueError("duration must not be negative")
    lower = _aware(window_start, "window_start").astimezone(UTC)
    upper = _aware(window_end, "window_end").astimezone(UTC)
    skipped = {_aware(d, "exdates entry").astimezone(UTC) for d in exdates}
    result: list[Occurrence] = []
    for _wall, start in _series(rule, first_start, _zone(tz)):
        if start >= upper or len(result) >= limit:
            break
        if start >= lower and start not in skipped:
            result.append(Occurrence(recurrence_id=start, start=start, end=start + duration))
    return result


def _locate(
    rule: RecurrenceRule, first_start: datetime, tz: str, recurrence_id: datetime
) -> tuple[int, datetime]:
    """Index and naive local wall time of the occurrence identified by ``recurrence_id``."""
    zone = _zone(tz)
    target = _aware(recurrence_id, "recurrence_id").astimezone(UTC)
    for index, (wall, start) in enumerate(_series(rule, first_start, zone)):
        if start == target:
            return index, wall
        if start > target:
            break
    raise InvalidRecurrence(f"{target:%Y-%m-%d %H:%M} UTC is not an occurrence of this series.")


def split_at(
    rule: RecurrenceRule, first_start: datetime, tz: str, split_recurrence_id: datetime
) -> tuple[RecurrenceRule, RecurrenceRule]:
    """Split for a "this and all following" edit.

    Returns ``(before, remainder)``: ``before`` ends just before the split occurrence (COUNT
    reduced, or UNTIL one second before it); ``remainder`` is the rule for a new series that
    starts at the split occurrence (use :func:`series_start_for` as its ``first_start``).
    ``remainder`` is never empty: it holds at least the split occurrence. Splitting at the
    first occurrence, or at an instant that is not an occurrence, raises InvalidRecurrence.
    """
    index, _wall = _locate(rule, first_start, tz, split_recurrence_id)
    if index == 0:
        raise InvalidRecurrence(
            "Cannot split a series at its first occurrence; change the whole series instead."
        )
    if rule.count is not None:
        return replace(rule, count=index), replace(rule, count=rule.count - index)
    cutoff = split_recurrence_id.astimezone(UTC) - timedelta(seconds=1)
    return replace(rule, until=cutoff), rule


def series_start_for(
    rule: RecurrenceRule, first_start: datetime, tz: str, recurrence_id: datetime
) -> datetime:
    """The ``first_start`` for a new series beginning at the given occurrence.

    It is an aware datetime in ``tz`` carrying the occurrence's *original* wall-clock time, so
    an occurrence shifted out of a DST gap does not move the new series' wall time. Its
    instant equals ``recurrence_id`` (compare via ``astimezone(UTC)``: PEP 495 makes ``==``
    between zones false for times in a gap).
    """
    index, wall = _locate(rule, first_start, tz, recurrence_id)
    return first_start if index == 0 else wall.replace(tzinfo=_zone(tz))
