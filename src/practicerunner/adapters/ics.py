"""Private, read-only iCalendar (ICS) subscription feeds for providers and clients.

The feed is rendered deterministically: the same input (in any order) yields the same
bytes, so :func:`feed_etag` is stable and conditional GETs work. Nothing here reads the
clock: ``DTSTAMP`` is the item's ``last_modified``.

Single appointments are written in UTC. Recurring series are written with a ``TZID`` so
that "10:00 every Monday" stays 10:00 local across DST changes; a ``VTIMEZONE`` is
generated from the IANA database for every zone used, plus the feed's display zone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import STATUS, TRANSP, Calendar, Event, Timezone, vDuration, vRecur
from icalendar.timezone import is_utc

PRODID = "-//PracticeRunner//Calendar Feed//EN"

# Fixed (not "now"-relative) so the VTIMEZONE bytes never change between requests.
_TZ_FIRST = date(2000, 1, 1)
_TZ_LAST = date(2100, 1, 1)


def _aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


def _check_span(start: datetime, end: datetime) -> None:
    _aware("start", start)
    _aware("end", end)
    if end <= start:
        raise ValueError(f"end {end.isoformat()} must be after start {start.isoformat()}")


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {tz!r}") from exc


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """A single (non-recurring) appointment, e.g. uid ``"<appointment uuid>@practicerunner"``."""

    uid: str
    start: datetime
    end: datetime
    title: str
    location: str | None
    description: str | None
    cancelled: bool
    sequence: int
    last_modified: datetime

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)
        _aware("last_modified", self.last_modified)


@dataclass(frozen=True, slots=True)
class FeedOverride:
    """A moved/retitled/cancelled occurrence; ``recurrence_id`` is its *original* start.

    ``title=None`` keeps the series title. Bump the series' ``last_modified`` on change.
    """

    recurrence_id: datetime
    start: datetime
    end: datetime
    cancelled: bool = False
    title: str | None = None
    sequence: int = 0

    def __post_init__(self) -> None:
        _aware("recurrence_id", self.recurrence_id)
        _check_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class FeedSeries:
    """A recurring series. ``rrule`` is an RRULE value such as ``"FREQ=WEEKLY;COUNT=10"``.

    An ``UNTIL`` in ``rrule`` must be in UTC (``...Z``) as RFC 5545 requires when
    ``DTSTART`` has a ``TZID``. ``exdates`` are original occurrence starts.
    """

    uid: str
    first_start: datetime
    first_end: datetime
    tz: str
    rrule: str
    title: str
    location: str | None
    description: str | None
    sequence: int
    last_modified: datetime
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[FeedOverride, ...] = ()
    cancelled: bool = False

    def __post_init__(self) -> None:
        _check_span(self.first_start, self.first_end)
        _aware("last_modified", self.last_modified)
        _zone(self.tz)
        vRecur.from_ical(self.rrule)  # raises ValueError on a malformed rule
        for exdate in self.exdates:
            _aware("exdate", exdate)
        ids = [o.recurrence_id for o in self.overrides]
        if len(set(ids)) != len(ids):
            raise ValueError(f"series {self.uid!r} has duplicate override recurrence ids")


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@lru_cache(maxsize=64)
def _vtimezone_ical(tzid: str) -> bytes:
    # Generating a VTIMEZONE walks the zone's transitions; cache the serialized form and
    # re-parse per feed so no caller can mutate a shared component.
    return Timezone.from_tzid(tzid, first_date=_TZ_FIRST, last_date=_TZ_LAST).to_ical()


def _vtimezone(tzid: str) -> Timezone:
    component = Timezone.from_ical(_vtimezone_ical(tzid))
    assert isinstance(component, Timezone)
    return component


def _vevent(
    item: FeedEvent | FeedSeries,
    start: datetime,
    end: datetime,
    override: FeedOverride | None = None,
) -> Event:
    """One VEVENT; an ``override`` replaces the item's title/status/sequence."""
    cancelled, sequence = item.cancelled, item.sequence
    title, recurrence_id = item.title, None
    if override is not None:
        cancelled, sequence = override.cancelled, override.sequence
        title = override.title if override.title is not None else item.title
        recurrence_id = override.recurrence_id.astimezone(start.tzinfo)
    modified = _utc(item.last_modified)
    return Event.new(
        uid=item.uid,
        stamp=modified,
        last_modified=modified,
        start=start,
        end=end,
        summary=title,
        location=item.location,
        description=item.description,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        sequence=sequence,
        # A cancelled slot must not show the person as busy.
        transparency=TRANSP.TRANSPARENT if cancelled else TRANSP.OPAQUE,
        recurrence_id=recurrence_id,
    )


def _series(series: FeedSeries) -> list[Event]:
    zone = _zone(series.tz)
    master = _vevent(series, series.first_start.astimezone(zone), series.first_end.astimezone(zone))
    master.add("RRULE", vRecur.from_ical(series.rrule))
    if series.exdates:
        master.add("EXDATE", sorted({d.astimezone(zone) for d in series.exdates}))
    overrides = sorted(series.overrides, key=lambda o: _utc(o.recurrence_id))
    return [master] + [
        _vevent(series, o.start.astimezone(zone), o.end.astimezone(zone), override=o)
        for o in overrides
    ]


def build_feed(
    name: str,
    tz: str,
    events: Iterable[FeedEvent],
    series: Iterable[FeedSeries] = (),
    *,
    refresh_minutes: int = 30,
) -> bytes:
    """Render a complete VCALENDAR feed as bytes (CRLF line endings, folded lines)."""
    if refresh_minutes <= 0:
        raise ValueError("refresh_minutes must be positive")
    display_zone = _zone(tz)
    groups: list[tuple[tuple[datetime, str], list[Event]]] = []
    groups += [((_utc(e.start), e.uid), [_vevent(e, _utc(e.start), _utc(e.end))]) for e in events]
    all_series: Sequence[FeedSeries] = list(series)
    groups += [((_utc(s.first_start), s.uid), _series(s)) for s in all_series]
    uids = [key[1] for key, _ in groups]
    if len(set(uids)) != len(uids):
        raise ValueError("feed items must have unique uids")
    groups.sort(key=lambda group: group[0])

    cal = Calendar()
    cal.prodid = PRODID
    cal.version = "2.0"
    cal.calscale = "GREGORIAN"
    cal.method = "PUBLISH"
    cal.calendar_name = name
    cal.add("X-WR-TIMEZONE", tz)
    refresh = timedelta(minutes=refresh_minutes)
    # RFC 7986 requires VALUE=DURATION here; icalendar's refresh_interval setter omits it.
    cal.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(refresh))

    tzids = {s.tz for s in all_series if not is_utc(_zone(s.tz))}
    if not is_utc(display_zone):
        tzids.add(tz)
    for tzid in sorted(tzids):
        cal.add_component(_vtimezone(tzid))
    for _key, components in groups:
        for component in components:
            cal.add_component(component)
    missing = cal.get_missing_tzids()
    if missing:  # would mean icalendar wrote a TZID other than the zone key we were given
        raise RuntimeError(f"feed references time zones without VTIMEZONE: {sorted(missing)}")
    return cal.to_ical()


def feed_etag(body: bytes) -> str:
    """A strong HTTP ETag (quoted) derived from the rendered feed bytes."""
    return f'"{hashlib.sha256(body).hexdigest()}"'


def feed_last_modified(
    events: Iterable[FeedEvent], series: Iterable[FeedSeries] = ()
) -> datetime | None:
    """Latest ``last_modified`` across the feed (UTC), or ``None`` for an empty feed."""
    stamps = [_utc(e.last_modified) for e in events]
    stamps += [_utc(s.last_modified) for s in series]
    return max(stamps, default=None)
