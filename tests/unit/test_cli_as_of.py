"""``--as-of``: a day is its end in the practice's timezone (23 or 25 hours long across DST);
an instant needs its offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from practicerunner.cli.history import end_of_day, parse_as_of

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago", "UTC"]


def test_the_end_of_a_day_across_both_dst_changes_in_new_york() -> None:
    spring, autumn = date(2026, 3, 8), date(2026, 11, 1)
    assert end_of_day(spring, "America/New_York") == datetime(2026, 3, 9, 3, 59, 59, 999999, UTC)
    assert end_of_day(autumn, "America/New_York") == datetime(2026, 11, 2, 4, 59, 59, 999999, UTC)
    # 23 and 25 hours after the previous day's end.
    assert end_of_day(spring, "America/New_York") - end_of_day(
        spring - timedelta(days=1), "America/New_York"
    ) == timedelta(hours=23)
    assert end_of_day(autumn, "America/New_York") - end_of_day(
        autumn - timedelta(days=1), "America/New_York"
    ) == timedelta(hours=25)


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       zone=st.sampled_from(ZONES))  # fmt: skip
def test_the_end_of_a_day_is_still_that_day_there_and_the_next_instant_is_not(
    day: date, zone: str
) -> None:
    end = end_of_day(day, zone)
    assert end.tzinfo is not None
    assert end.astimezone(ZoneInfo(zone)).date() == day
    assert (end + timedelta(microseconds=1)).astimezone(ZoneInfo(zone)).date() == day + timedelta(
        days=1
    )


def test_days_and_instants_with_offsets_parse_and_nothing_else_does() -> None:
    assert parse_as_of(None) is None
    assert parse_as_of("2026-03-01") == date(2026, 3, 1)
    assert parse_as_of("2026-03-01T12:00:00Z") == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert parse_as_of("2026-03-01T07:00:00-05:00") == datetime(2026, 3, 1, 12, tzinfo=UTC)
    for bad in ("2026-03-01T12:00:00", "2026-02-30", "yesterday", "", "1772409600"):
        with pytest.raises(typer.BadParameter):
            parse_as_of(bad)
