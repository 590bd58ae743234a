"""Tests for the ICS subscription feed adapter."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from practicerunner.adapters.ics import (
    PRODID,
    FeedEvent,
    FeedOverride,
    FeedSeries,
    build_feed,
    feed_etag,
    feed_last_modified,
)

NY = ZoneInfo("America/New_York")
MODIFIED = datetime(2025, 2, 1, 9, 30, tzinfo=UTC)


def single(uid: str = "a1@practicerunner", **changes: object) -> FeedEvent:
    event = FeedEvent(
        uid=uid,
        start=datetime(2025, 3, 5, 15, 0, tzinfo=UTC),
        end=datetime(2025, 3, 5, 15, 50, tzinfo=UTC),
        title="Session with A. Client",
        location="Room 2",
        description="Intake session",
        cancelled=False,
        sequence=1,
        last_modified=MODIFIED,
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def weekly(uid: str = "s1@practicerunner", **changes: object) -> FeedSeries:
    # Mondays at 10:00 New York time; US DST starts on Sunday 2025-03-09.
    series = FeedSeries(
        uid=uid,
        first_start=datetime(2025, 2, 24, 10, 0, tzinfo=NY),
        first_end=datetime(2025, 2, 24, 10, 50, tzinfo=NY),
        tz="America/New_York",
        rrule="FREQ=WEEKLY;COUNT=6",
        title="Weekly therapy",
        location=None,
        description=None,
        sequence=0,
        last_modified=MODIFIED,
    )
    return dataclasses.replace(series, **changes)  # type: ignore[arg-type]


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime)
    return start


def occurrences(body: bytes) -> list[Event]:
    window_start = datetime(2025, 1, 1, tzinfo=UTC)
    window_end = datetime(2025, 6, 1, tzinfo=UTC)
    found = recurring_ical_events.of(parse(body)).between(window_start, window_end)
    return sorted(found, key=start_of)


def test_calendar_header_fields() -> None:
    cal = parse(build_feed("Dr. Rivera", "America/New_York", [single()], refresh_minutes=60))

    assert cal["PRODID"] == PRODID
    assert cal["VERSION"] == "2.0"
    assert cal["CALSCALE"] == "GREGORIAN"
    assert cal["METHOD"] == "PUBLISH"
    assert cal["X-WR-CALNAME"] == "Dr. Rivera"
    assert cal["X-WR-TIMEZONE"] == "America/New_York"
    assert cal.refresh_interval == timedelta(hours=1)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    assert [tz.tz_name for tz in cal.timezones] == ["America/New_York"]
    assert cal.get_missing_tzids() == set()


def test_single_event_fields_are_utc() -> None:
    body = build_feed("Feed", "America/New_York", [single(location=None, description=None)])
    [event] = parse(body).events

    assert str(event["UID"]) == "a1@practicerunner"
    assert event.start == datetime(2025, 3, 5, 15, 0, tzinfo=UTC)
    assert event.end == datetime(2025, 3, 5, 15, 50, tzinfo=UTC)
    assert start_of(event).utcoffset() == timedelta(0)
    assert "TZID" not in event["DTSTART"].params
    assert b"DTSTART:20250305T150000Z" in body
    assert event.DTSTAMP == MODIFIED
    assert event.last_modified == MODIFIED
    assert event["SUMMARY"] == "Session with A. Client"
    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"
    assert event.sequence == 1
    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event


def test_text_is_escaped_and_round_trips() -> None:
    title = "Couples; follow-up, part 2"
    body = build_feed("F", "UTC", [single(title=title, description="line 1\nline 2")])
    [event] = parse(body).events
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"] == "line 1\nline 2"
    assert event["LOCATION"] == "Room 2"


def test_cancelled_single_event() -> None:
    body = build_feed("F", "America/New_York", [single(cancelled=True, sequence=3)])
    [event] = parse(body).events
    assert event["STATUS"] == "CANCELLED"
    assert event.sequence == 3
    assert event["TRANSP"] == "TRANSPARENT"
    assert b"STATUS:CANCELLED" in body


def test_weekly_series_keeps_local_time_across_dst() -> None:
    body = build_feed("F", "America/New_York", [], [weekly()])
    master = parse(body).events[0]
    assert master["DTSTART"].params["TZID"] == "America/New_York"
    assert b"RRULE:FREQ=WEEKLY;COUNT=6" in body

    found = occurrences(body)
    local = [start_of(event).astimezone(NY) for event in found]
    assert [d.date().isoformat() for d in local] == [
        "2025-02-24", "2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24", "2025-03-31",
    ]  # fmt: skip
    assert {(d.hour, d.minute) for d in local} == {(10, 0)}
    # The UTC instant shifts by an hour when New York springs forward.
    utc_hours = [start_of(event).astimezone(UTC).hour for event in found]
    assert utc_hours == [15, 15, 14, 14, 14, 14]
    assert all(event.end - event.start == timedelta(minutes=50) for event in found)


def test_series_rendered_in_its_own_zone_with_a_different_feed_zone() -> None:
    body = build_feed("F", "Europe/Berlin", [], [weekly()])
    cal = parse(body)
    assert sorted(tz.tz_name for tz in cal.timezones) == ["America/New_York", "Europe/Berlin"]
    local = [start_of(event).astimezone(NY) for event in occurrences(body)]
    assert {(d.hour, d.minute) for d in local} == {(10, 0)}


def test_exdate_removes_an_occurrence() -> None:
    # Given as a UTC instant; must still match the 10:00 New York occurrence after DST.
    skipped = datetime(2025, 3, 17, 14, 0, tzinfo=UTC)
    body = build_feed("F", "America/New_York", [], [weekly(exdates=(skipped,))])
    assert b"EXDATE;TZID=America/New_York:20250317T100000" in body

    starts = [event.start for event in occurrences(body)]
    assert len(starts) == 5
    assert skipped not in starts


def test_override_moves_one_occurrence() -> None:
    original = datetime(2025, 3, 10, 10, 0, tzinfo=NY)
    moved = FeedOverride(
        recurrence_id=original,
        start=datetime(2025, 3, 11, 16, 0, tzinfo=NY),
        end=datetime(2025, 3, 11, 16, 50, tzinfo=NY),
        title="Weekly therapy (moved)",
        sequence=2,
    )
    body = build_feed("F", "America/New_York", [], [weekly(overrides=(moved,))])

    vevents = parse(body).events
    assert len(vevents) == 2
    override = vevents[1]
    assert str(override["UID"]) == "s1@practicerunner"
    recurrence_id = override.RECURRENCE_ID  # ruff's SIM300 mistakes this for a constant
    assert recurrence_id == original
    assert override["RECURRENCE-ID"].params["TZID"] == "America/New_York"

    found = occurrences(body)
    starts = [event.start for event in found]
    assert len(found) == 6
    assert original not in starts
    assert moved.start in starts
    moved_event = found[starts.index(moved.start)]
    assert moved_event["SUMMARY"] == "Weekly therapy (moved)"
    assert moved_event.sequence == 2


def test_cancelled_override_marks_only_that_occurrence() -> None:
    original = datetime(2025, 3, 3, 10, 0, tzinfo=NY)
    cancel = FeedOverride(original, original, original + timedelta(minutes=50), cancelled=True)
    body = build_feed("F", "America/New_York", [], [weekly(overrides=(cancel,))])
    statuses = {event.start: str(event["STATUS"]) for event in occurrences(body)}
    assert statuses.pop(original) == "CANCELLED"
    assert set(statuses.values()) == {"CONFIRMED"}


def test_items_sorted_by_start_then_uid() -> None:
    later = single("z@practicerunner", start=datetime(2025, 4, 1, 12, tzinfo=UTC),
                   end=datetime(2025, 4, 1, 13, tzinfo=UTC))  # fmt: skip
    tie_b = single("b@practicerunner")
    tie_a = single("a@practicerunner")
    body = build_feed("F", "UTC", [later, tie_b, tie_a], [weekly()])
    uids = [str(event["UID"]) for event in parse(body).events]
    assert uids == ["s1@practicerunner", "a@practicerunner", "b@practicerunner", "z@practicerunner"]


def _corpus() -> tuple[list[FeedEvent], list[FeedSeries]]:
    events = [
        single(f"e{i}@practicerunner", start=datetime(2025, 3, 1 + i % 3, 12, tzinfo=UTC),
               end=datetime(2025, 3, 1 + i % 3, 13, tzinfo=UTC), cancelled=i % 2 == 0)
        for i in range(6)
    ]  # fmt: skip
    overrides = tuple(
        FeedOverride(d, d + timedelta(hours=2), d + timedelta(hours=3))
        for d in (datetime(2025, 3, 10, 10, tzinfo=NY), datetime(2025, 3, 3, 10, tzinfo=NY))
    )
    exdates = (datetime(2025, 3, 24, 10, tzinfo=NY), datetime(2025, 3, 17, 10, tzinfo=NY))
    series = [
        weekly("s1@practicerunner", exdates=exdates, overrides=overrides),
        weekly("s2@practicerunner", tz="Europe/Berlin", rrule="FREQ=DAILY;COUNT=3"),
    ]
    return events, series


def test_output_is_byte_identical_regardless_of_input_order() -> None:
    events, series = _corpus()
    first = build_feed("F", "America/New_York", events, series)
    shuffled_series = [
        dataclasses.replace(s, exdates=s.exdates[::-1], overrides=s.overrides[::-1])
        for s in reversed(series)
    ]
    second = build_feed("F", "America/New_York", reversed(events), shuffled_series)
    assert first == second
    assert feed_etag(first) == feed_etag(second)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_permutation_renders_the_same_bytes(data: st.DataObject) -> None:
    events, series = _corpus()
    expected = build_feed("F", "America/New_York", events, series)
    events_perm = data.draw(st.permutations(events))
    series_perm = data.draw(st.permutations(series))
    assert build_feed("F", "America/New_York", events_perm, series_perm) == expected


def test_etag_is_strong_and_tracks_content() -> None:
    body = build_feed("F", "America/New_York", [single()])
    etag = feed_etag(body)
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    assert feed_etag(build_feed("F", "America/New_York", [single()])) == etag

    changed = single(title="Rescheduled", sequence=2, last_modified=MODIFIED + timedelta(hours=1))
    assert feed_etag(build_feed("F", "America/New_York", [changed])) != etag
    cancelled = single(cancelled=True)
    assert feed_etag(build_feed("F", "America/New_York", [cancelled])) != etag


def test_feed_last_modified() -> None:
    newest = datetime(2025, 2, 3, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert feed_last_modified([], []) is None
    assert feed_last_modified([single()]) == MODIFIED
    result = feed_last_modified([single()], [weekly(last_modified=newest)])
    assert result == newest
    assert result is not None and result.tzinfo is UTC


def test_utc_feed_needs_no_vtimezone_and_empty_feed_is_valid() -> None:
    cal = parse(build_feed("Empty", "UTC", []))
    assert cal.timezones == []
    assert cal.events == []
    ny = parse(build_feed("Empty", "America/New_York", []))
    assert [tz.tz_name for tz in ny.timezones] == ["America/New_York"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: single(start=datetime(2025, 3, 5, 15, 0)),
        lambda: single(end=datetime(2025, 3, 5, 14, 0, tzinfo=UTC)),
        lambda: weekly(tz="Mars/Olympus_Mons"),
        lambda: weekly(rrule="FREQ=SOMETIMES"),
        lambda: weekly(exdates=(datetime(2025, 3, 3, 10, 0),)),
        lambda: build_feed("F", "UTC", [single(), single()]),
        lambda: build_feed("F", "Nowhere/City", []),
        lambda: build_feed("F", "UTC", [], refresh_minutes=0),
    ],
)
def test_invalid_input_is_rejected(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]
