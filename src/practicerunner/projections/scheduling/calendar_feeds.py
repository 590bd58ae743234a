"""Composes a provider's or client's private calendar feed from the schedule read model.

Titles carry no diagnosis and no notes: a provider sees the kind of case and the clients'
initials (or full names, per the practice's setting); a client sees the practice and the
provider. Recurring series are written as RRULEs with moved and cancelled occurrences as
overrides; cancelled appointments stay in the feed marked CANCELLED (and transparent), while
occurrences replaced by a series edit drop out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.ics import (
    FeedEvent,
    FeedOverride,
    FeedSeries,
    build_feed,
    feed_etag,
    feed_last_modified,
)
from practicerunner.domain.practice.catalog import Location
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.staff import StaffMember
from practicerunner.domain.scheduling.feeds import CalendarFeed, FeedOwner
from practicerunner.domain.scheduling.recurrence import RecurrenceRule
from practicerunner.projections.scheduling.queries import CANCELLED, SchedulingReadModels

PAST_DAYS = 90


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str
    last_modified: datetime | None


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(f"{p[0].upper()}." for p in parts[:3]) or "?"


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


class FeedComposer:
    def __init__(self, stores: EventStores, rm: SchedulingReadModels, feed: CalendarFeed) -> None:
        self.stores = stores
        self.rm = rm
        self.feed = feed
        practice: Practice = stores.practice.repository.get(UUID(feed.practice_id))
        assert isinstance(practice, Practice)
        self.practice = practice
        self._locations: dict[str, Location] = {}

    def _location_text(self, row: dict[str, Any]) -> str:
        if row["session_format"] != "in_person":
            return "Video session" if row["session_format"] == "video" else "Phone session"
        location_id = row["location_id"]
        if location_id not in self._locations:
            found: Location = self.stores.practice.repository.get(UUID(location_id))
            assert isinstance(found, Location)
            self._locations[location_id] = found
        location = self._locations[location_id]
        address = location.address or {}
        return ", ".join(v for v in (location.name, address.get("line1"), address.get("city")) if v)

    def _title(self, row: dict[str, Any]) -> str:
        if self.feed.owner_kind == FeedOwner.PROVIDER:
            names = row.get("participant_names") or []
            if self.practice.settings["reminders"].get("provider_feed_titles") != "full_name":
                names = [initials(n) for n in names]
            who = " & ".join(names) if len(names) <= 3 else f"{len(names)} participants"
            title = f"{row['case_kind_label'].capitalize()} session: {who}"
        else:
            title = (
                f"{self.practice.name}: session with {row.get('provider_name') or 'your provider'}"
            )
        return f"Cancelled: {title}" if row["status"] in CANCELLED else title

    def _single(self, row: dict[str, Any]) -> FeedEvent:
        return FeedEvent(
            uid=f"{row['appointment_id']}@practicerunner",
            start=_when(row["starts_at"]),
            end=_when(row["ends_at"]),
            title=self._title(row),
            location=self._location_text(row),
            description=None,
            cancelled=row["status"] in CANCELLED,
            sequence=int(row["version"]),
            last_modified=_when(row["updated_at"]),
        )

    def _rule_text(self, series: dict[str, Any]) -> str:
        """RFC 5545 wants a UTC UNTIL when DTSTART has a TZID: a date UNTIL becomes the end
        of that local day."""
        rule = RecurrenceRule.parse(series["rule"])
        if rule.until is not None and not isinstance(rule.until, datetime):
            end_of_day = datetime.combine(
                rule.until, time(23, 59, 59), ZoneInfo(series["timezone"])
            )
            rule = replace(rule, until=end_of_day.astimezone(UTC))
        return str(rule)

    def _series(self, series: dict[str, Any], rows: list[dict[str, Any]]) -> FeedSeries:
        duration = timedelta(minutes=series["duration_minutes"])
        cut = series["truncated_from"]
        overrides, exdates = [], [_when(s) for s in series["skipped"]]
        modified = [_when(series["updated_at"])]
        for row in rows:
            recurrence_id = row["recurrence_id"]
            if cut is not None and recurrence_id >= cut:
                continue
            modified.append(_when(row["updated_at"]))
            moved = (
                row["starts_at"] != recurrence_id
                or _when(row["ends_at"]) != _when(recurrence_id) + duration
            )
            elsewhere = (
                self.feed.owner_kind == FeedOwner.PROVIDER
                and row["provider_id"] != self.feed.owner_id
            )
            if elsewhere or row["status"] == "superseded":
                exdates.append(_when(recurrence_id))
            elif moved or row["status"] in CANCELLED or row["provider_id"] != series["provider_id"]:
                overrides.append(
                    FeedOverride(
                        recurrence_id=_when(recurrence_id),
                        start=_when(row["starts_at"]),
                        end=_when(row["ends_at"]),
                        cancelled=row["status"] in CANCELLED,
                        title=self._title(row),
                        sequence=int(row["version"]),
                    )
                )
        first = rows[0] if rows else {**series, "status": "scheduled", "participant_names": []}
        template = {**first, "status": "scheduled"}
        return FeedSeries(
            uid=f"{series['series_id']}@practicerunner",
            first_start=_when(series["first_start"]),
            first_end=_when(series["first_start"]) + duration,
            tz=series["timezone"],
            rrule=self._rule_text(series),
            title=self._title(template),
            location=self._location_text(series),
            description=None,
            sequence=int(series["version"]),
            last_modified=max(modified),
            exdates=tuple(sorted(set(exdates))),
            overrides=tuple(overrides),
        )

    def render(self, now: datetime) -> RenderedFeed:
        is_provider = self.feed.owner_kind == FeedOwner.PROVIDER
        appointments, series_rows = self.rm.feed_items(
            self.feed.practice_id,
            now - timedelta(days=PAST_DAYS),
            provider_id=self.feed.owner_id if is_provider else None,
            person_id=None if is_provider else self.feed.owner_id,
        )
        left = {
            r["case_id"]: r["membership"]["left_on"]
            for r in appointments
            if r.get("membership") and r["membership"]["left_on"]
        }
        as_series = {
            s["series_id"]: s for s in series_rows if not s["ended"] and s["case_id"] not in left
        }
        by_series: dict[str, list[dict[str, Any]]] = {sid: [] for sid in as_series}
        singles = []
        since = (now - timedelta(days=PAST_DAYS)).astimezone(UTC).isoformat(timespec="seconds")
        for row in appointments:
            if row["series_id"] in as_series:
                by_series[row["series_id"]].append(row)
                continue
            if row["status"] == "superseded" or row["starts_at"] < since:
                continue
            if is_provider and row["provider_id"] != self.feed.owner_id:
                continue
            if row["case_id"] in left and row["starts_at"][:10] > left[row["case_id"]]:
                continue
            singles.append(self._single(row))
        series = [self._series(s, by_series[sid]) for sid, s in as_series.items()]
        body = build_feed(self._name(), self.practice.timezone, singles, series)
        return RenderedFeed(body, feed_etag(body), feed_last_modified(singles, series))

    def _name(self) -> str:
        if self.feed.owner_kind == FeedOwner.PROVIDER:
            staff: StaffMember = self.stores.practice.repository.get(UUID(self.feed.owner_id))
            assert isinstance(staff, StaffMember)
            return f"{self.practice.name}: {staff.display_name}"
        return f"{self.practice.name} appointments"
