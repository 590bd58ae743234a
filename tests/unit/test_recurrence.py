"""Recurring series: RRULE parsing and expansion in the practice's timezone across DST."""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from practicerunner.domain.scheduling.recurrence import (
    Frequency,
    InvalidRecurrence,
    Occurrence,
    RecurrenceRule,
    WeekdayNum,
    expand,
    series_start_for,
    split_at,
)

NY, BERLIN, SYDNEY = "America/New_York", "Europe/Berlin", "Australia/Sydney"
FAR_PAST = datetime(1990, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
SESSION = timedelta(minutes=50)


def at(tz: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0, us: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, 0, us, tzinfo=ZoneInfo(tz))


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def all_of(
    rule: str | RecurrenceRule,
    first: datetime,
    tz: str,
    exdates: frozenset[datetime] = frozenset(),
    limit: int = 1000,
) -> list[Occurrence]:
    """Every occurrence of a (finite) series."""
    parsed = RecurrenceRule.parse(rule) if isinstance(rule, str) else rule
    return expand(
        parsed, first, SESSION, tz, window_start=FAR_PAST, window_end=FAR_FUTURE,
        exdates=exdates, limit=limit,
    )  # fmt: skip


def local(occurrence: Occurrence, tz: str) -> datetime:
    return occurrence.start.astimezone(ZoneInfo(tz))


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10",
        ),
        ("rrule:freq=weekly;byday=th,mo,mo;interval=1", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("FREQ=DAILY;UNTIL=20250131T235959Z", "FREQ=DAILY;UNTIL=20250131T235959Z"),
        (
            "FREQ=MONTHLY;BYDAY=-1FR,+2TU;UNTIL=20251231",
            "FREQ=MONTHLY;BYDAY=2TU,-1FR;UNTIL=20251231",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=15,-1,1;COUNT=520;", "FREQ=MONTHLY;BYMONTHDAY=-1,1,15;COUNT=520"),
        ("FREQ=WEEKLY;INTERVAL=52", "FREQ=WEEKLY;INTERVAL=52"),
    ],
)
def test_parse_gives_canonical_string(text: str, canonical: str) -> None:
    rule = RecurrenceRule.parse(text)
    assert str(rule) == canonical
    assert RecurrenceRule.parse(str(rule)) == rule


def test_parsed_fields() -> None:
    rule = RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU,-1FR;UNTIL=20250101T090000Z")
    assert rule.freq == "MONTHLY"
    assert rule.interval == 3
    assert rule.by_day == (WeekdayNum(1, 2), WeekdayNum(4, -1))
    assert rule.until == utc(2025, 1, 1, 9)
    assert RecurrenceRule.parse("FREQ=DAILY;UNTIL=20250101").until == date(2025, 1, 1)


def test_until_given_in_another_zone_is_normalised_to_whole_utc_seconds() -> None:
    rule = RecurrenceRule("DAILY", until=at(BERLIN, 2025, 6, 1, 12, 0, 500))
    assert rule.until == utc(2025, 6, 1, 10)
    assert str(rule) == "FREQ=DAILY;UNTIL=20250601T100000Z"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "FREQ",
        "FREQ=",
        "INTERVAL=2",
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "FREQ=FORTNIGHTLY",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=53",
        "FREQ=WEEKLY;INTERVAL=-1",
        "FREQ=WEEKLY;INTERVAL=two",
        "FREQ=WEEKLY;COUNT=0",
        "FREQ=WEEKLY;COUNT=521",
        "FREQ=WEEKLY;COUNT=1.5",
        "FREQ=WEEKLY;COUNT=+3",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20250101",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYDAY=MO,",
        "FREQ=WEEKLY;BYDAY=MONDAY",
        "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=DAILY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=0TU",
        "FREQ=MONTHLY;BYDAY=6TU",
        "FREQ=MONTHLY;BYDAY=-6TU",
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYMONTHDAY=-32",
        "FREQ=MONTHLY;BYMONTHDAY=x",
        "FREQ=DAILY;UNTIL=20250101T000000",
        "FREQ=DAILY;UNTIL=2025-01-01",
        "FREQ=DAILY;UNTIL=20250230",
        "FREQ=DAILY;UNTIL=20250101T250000Z",
        "FREQ=WEEKLY;WKST=SU",
        "FREQ=WEEKLY;BYSETPOS=1",
        "FREQ=DAILY;BYHOUR=10",
        "FREQ=DAILY;COUNT",
    ],
)
def test_malformed_or_unsupported_rules_are_rejected(text: str) -> None:
    with pytest.raises(InvalidRecurrence) as caught:
        RecurrenceRule.parse(text)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value)  # a readable message


def test_constructor_validates_too() -> None:
    with pytest.raises(InvalidRecurrence):
        RecurrenceRule("WEEKLY", count=3, until=date(2025, 1, 1))
    with pytest.raises(InvalidRecurrence):
        RecurrenceRule("DAILY", until=datetime(2025, 1, 1))  # naive: floating UNTIL


# --- expansion across daylight-saving changes ---------------------------------------------


def test_weekly_ten_oclock_new_york_across_march_and_november() -> None:
    occ = all_of("FREQ=WEEKLY;COUNT=40", at(NY, 2024, 3, 1, 10), NY)
    assert len(occ) == 40
    assert {local(o, NY).time() for o in occ} == {time(10)}
    by_date = {local(o, NY).date(): o.start for o in occ}
    assert by_date[date(2024, 3, 8)] == utc(2024, 3, 8, 15)  # EST, UTC-5
    assert by_date[date(2024, 3, 15)] == utc(2024, 3, 15, 14)  # EDT, UTC-4
    assert by_date[date(2024, 11, 1)] == utc(2024, 11, 1, 14)
    assert by_date[date(2024, 11, 8)] == utc(2024, 11, 8, 15)
    assert all(o.end - o.start == SESSION and o.recurrence_id == o.start for o in occ)
    assert all(o.start.tzinfo is UTC for o in occ)


def test_weekly_ten_oclock_berlin_across_march_and_october() -> None:
    occ = all_of("FREQ=WEEKLY;UNTIL=20241231T000000Z", at(BERLIN, 2024, 3, 18, 10), BERLIN)
    assert {local(o, BERLIN).time() for o in occ} == {time(10)}
    offsets = [local(o, BERLIN).utcoffset() for o in occ]
    assert offsets[:3] == [timedelta(hours=1), timedelta(hours=1), timedelta(hours=2)]
    assert offsets[-1] == timedelta(hours=1) and len(occ) == 42
    by_date = {local(o, BERLIN).date(): o.start for o in occ}
    assert by_date[date(2024, 10, 21)] == utc(2024, 10, 21, 8)  # CEST, UTC+2
    assert by_date[date(2024, 10, 28)] == utc(2024, 10, 28, 9)  # CET, UTC+1
    march = [utc(2024, 3, 18, 9), utc(2024, 3, 25, 9), utc(2024, 4, 1, 8)]
    assert [o.start for o in occ[:3]] == march


def test_first_start_in_another_zone_is_read_as_practice_wall_time() -> None:
    expected = [utc(2024, 3, 22, 9), utc(2024, 3, 29, 9), utc(2024, 4, 5, 8)]
    occ = all_of("FREQ=WEEKLY;COUNT=3", utc(2024, 3, 22, 9), BERLIN)  # 10:00 CET
    assert [o.start for o in occ] == expected
    assert [local(o, BERLIN).hour for o in occ] == [10, 10, 10]
    occ = all_of("FREQ=WEEKLY;COUNT=3", utc(2024, 3, 22, 9).astimezone(ZoneInfo(NY)), BERLIN)
    assert [o.start for o in occ] == expected


def test_half_past_two_daily_through_spring_forward_gap() -> None:
    occ = all_of("FREQ=DAILY;COUNT=4", at(NY, 2024, 3, 8, 2, 30), NY)
    assert [o.start for o in occ] == [
        utc(2024, 3, 8, 7, 30),
        utc(2024, 3, 9, 7, 30),
        utc(2024, 3, 10, 7, 30),  # 02:30 does not exist: 03:30 EDT, shifted by the 1h gap
        utc(2024, 3, 11, 6, 30),  # back to 02:30, now EDT
    ]
    assert [local(o, NY).time() for o in occ] == [time(2, 30)] * 2 + [time(3, 30), time(2, 30)]


def test_weekly_half_past_two_berlin_gap() -> None:
    occ = all_of("FREQ=WEEKLY;COUNT=3", at(BERLIN, 2024, 3, 24, 2, 30), BERLIN)
    assert [local(o, BERLIN).time() for o in occ] == [time(2, 30), time(3, 30), time(2, 30)]


def test_first_start_inside_the_gap_keeps_its_wall_time_for_later_occurrences() -> None:
    occ = all_of("FREQ=DAILY;COUNT=2", at(NY, 2024, 3, 10, 2, 30), NY)
    assert [local(o, NY).time() for o in occ] == [time(3, 30), time(2, 30)]


def test_ambiguous_fall_back_time_takes_first_occurrence() -> None:
    occ = all_of("FREQ=DAILY;COUNT=3", at(NY, 2024, 11, 2, 1, 30), NY)
    assert [o.start for o in occ] == [
        utc(2024, 11, 2, 5, 30),
        utc(2024, 11, 3, 5, 30),  # 01:30 EDT, the first of the two 01:30s
        utc(2024, 11, 4, 6, 30),
    ]


def test_first_start_in_the_second_half_of_a_fold_is_kept_exactly() -> None:
    first = at(NY, 2024, 11, 3, 1, 30).replace(fold=1)  # 01:30 EST, the second 01:30
    occ = all_of("FREQ=DAILY;COUNT=2", first, NY)
    assert [o.start for o in occ] == [utc(2024, 11, 3, 6, 30), utc(2024, 11, 4, 6, 30)]


def test_sub_second_start_times_are_kept() -> None:
    occ = all_of("FREQ=WEEKLY;COUNT=2", at(NY, 2024, 1, 1, 10, 0, 250), NY)
    assert [o.start.microsecond for o in occ] == [250, 250]


def test_duration_is_elapsed_time_even_across_the_change() -> None:
    wide = expand(
        RecurrenceRule.parse("FREQ=DAILY;COUNT=2"),
        at(BERLIN, 2024, 10, 26, 23),
        timedelta(hours=5),
        BERLIN,
        window_start=FAR_PAST,
        window_end=FAR_FUTURE,
    )
    assert wide[0].end.astimezone(ZoneInfo(BERLIN)).hour == 3  # 23:00 CEST + 5h = 03:00 CET


def test_skipped_calendar_day_does_not_duplicate_an_occurrence() -> None:
    # Samoa skipped 30 December 2011 entirely; 10:00 that day maps onto 31 December 10:00.
    occ = all_of("FREQ=DAILY;COUNT=4", at("Pacific/Apia", 2011, 12, 28, 10), "Pacific/Apia")
    starts = [o.start for o in occ]
    assert len(starts) == 4 and starts == sorted(set(starts))


# --- rule semantics -----------------------------------------------------------------------


def test_weekly_interval_two_on_two_days() -> None:
    occ = all_of("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=6", at(NY, 2024, 1, 1, 9), NY)
    assert [local(o, NY).date() for o in occ] == [
        date(2024, 1, 1), date(2024, 1, 4), date(2024, 1, 15),
        date(2024, 1, 18), date(2024, 1, 29), date(2024, 2, 1),
    ]  # fmt: skip


def test_monthly_ordinal_weekdays() -> None:
    occ = all_of("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", at(BERLIN, 2024, 1, 9, 18), BERLIN)
    assert [local(o, BERLIN).date() for o in occ] == [
        date(2024, 1, 9), date(2024, 2, 13), date(2024, 3, 12)
    ]  # fmt: skip
    occ = all_of("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", at(BERLIN, 2024, 1, 26, 18), BERLIN)
    assert [local(o, BERLIN).day for o in occ] == [26, 23, 29]


def test_monthly_day_of_month_rules_skip_months_without_that_day() -> None:
    occ = all_of("FREQ=MONTHLY;COUNT=4", at(NY, 2024, 1, 31, 12), NY)
    assert [local(o, NY).date().month for o in occ] == [1, 3, 5, 7]
    occ = all_of("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", at(NY, 2024, 1, 31, 12), NY)
    assert [local(o, NY).date() for o in occ] == [
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)
    ]  # fmt: skip
    occ = all_of("FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=3", at(NY, 2024, 1, 1, 12), NY)
    assert [local(o, NY).day for o in occ] == [1, 15, 1]


def test_first_start_counts_even_when_not_matching_byday() -> None:
    occ = all_of("FREQ=WEEKLY;BYDAY=MO;COUNT=3", at(NY, 2024, 1, 3, 9), NY)  # a Wednesday
    assert [local(o, NY).date() for o in occ] == [
        date(2024, 1, 3), date(2024, 1, 8), date(2024, 1, 15)
    ]  # fmt: skip


def test_until_is_inclusive_in_utc_and_as_local_date() -> None:
    first = at(NY, 2024, 1, 1, 22)  # 03:00 UTC the next day
    assert len(all_of("FREQ=DAILY;UNTIL=20240103T030000Z", first, NY)) == 2
    assert len(all_of("FREQ=DAILY;UNTIL=20240103T025959Z", first, NY)) == 1
    assert len(all_of("FREQ=DAILY;UNTIL=20240103", first, NY)) == 3  # local dates 1, 2, 3
    assert all_of("FREQ=DAILY;UNTIL=20231231", first, NY) == []


def test_window_is_half_open_and_limit_caps_the_result() -> None:
    rule = RecurrenceRule.parse("FREQ=DAILY")
    first = at(BERLIN, 2024, 5, 1, 10)
    occ = expand(
        rule, first, SESSION, BERLIN, window_start=at(BERLIN, 2024, 5, 3, 10),
        window_end=at(BERLIN, 2024, 5, 6, 10),
    )  # fmt: skip
    assert [local(o, BERLIN).day for o in occ] == [3, 4, 5]
    capped = expand(
        rule, first, SESSION, BERLIN, window_start=first, window_end=FAR_FUTURE, limit=5
    )
    assert len(capped) == 5


def test_exdates_in_any_zone_are_skipped() -> None:
    first = at(NY, 2024, 3, 1, 10)
    full = all_of("FREQ=WEEKLY;COUNT=5", first, NY)
    skip = frozenset({full[1].start.astimezone(ZoneInfo(BERLIN)), full[3].start})
    kept = all_of("FREQ=WEEKLY;COUNT=5", first, NY, exdates=skip)
    assert kept == [full[0], full[2], full[4]]


def test_bad_arguments() -> None:
    rule = RecurrenceRule.parse("FREQ=DAILY")
    with pytest.raises(ValueError, match="timezone-aware"):
        all_of(rule, datetime(2024, 1, 1, 10), NY)
    with pytest.raises(InvalidRecurrence, match="time zone"):
        all_of(rule, at(NY, 2024, 1, 1), "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="timezone-aware"):
        expand(
            rule, at(NY, 2024, 1, 1), SESSION, NY,
            window_start=datetime(2024, 1, 1), window_end=FAR_FUTURE,
        )  # fmt: skip


# --- splitting ----------------------------------------------------------------------------


def test_split_with_count() -> None:
    rule = RecurrenceRule.parse("FREQ=WEEKLY;COUNT=10")
    first = at(NY, 2024, 1, 1, 10)
    occ = all_of(rule, first, NY)
    before, rest = split_at(rule, first, NY, occ[4].recurrence_id)
    assert str(before) == "FREQ=WEEKLY;COUNT=4"
    assert str(rest) == "FREQ=WEEKLY;COUNT=6"
    assert all_of(before, first, NY) == occ[:4]
    assert all_of(rest, occ[4].start, NY) == occ[4:]


def test_split_with_until_and_open_ended() -> None:
    first = at(BERLIN, 2024, 1, 1, 10)
    for text in ("FREQ=WEEKLY;UNTIL=20240601", "FREQ=WEEKLY"):
        rule = RecurrenceRule.parse(text)
        occ = expand(rule, first, SESSION, BERLIN, window_start=first, window_end=utc(2024, 6, 2))
        before, rest = split_at(rule, first, BERLIN, occ[3].start)
        assert before.until == occ[3].start - timedelta(seconds=1) and before.count is None
        assert rest == rule
        assert all_of(before, first, BERLIN) == occ[:3]


def test_split_at_a_gap_shifted_occurrence_keeps_the_wall_time() -> None:
    rule = RecurrenceRule.parse("FREQ=DAILY;COUNT=4")
    first = at(NY, 2024, 3, 8, 2, 30)
    occ = all_of(rule, first, NY)
    _, rest = split_at(rule, first, NY, occ[2].recurrence_id)
    new_first = series_start_for(rule, first, NY, occ[2].recurrence_id)
    # Same instant (compare in UTC: PEP 495 makes inter-zone == false for gap times) ...
    assert new_first.astimezone(UTC) == occ[2].start
    assert new_first.time() == time(2, 30)  # ... but the original 02:30 wall time
    assert all_of(rest, new_first, NY) == occ[2:]


def test_split_refuses_first_and_non_occurrences() -> None:
    rule = RecurrenceRule.parse("FREQ=WEEKLY;COUNT=3")
    first = at(NY, 2024, 1, 1, 10)
    with pytest.raises(InvalidRecurrence, match="first occurrence"):
        split_at(rule, first, NY, first)
    with pytest.raises(InvalidRecurrence, match="not an occurrence"):
        split_at(rule, first, NY, first + timedelta(days=8))
    with pytest.raises(InvalidRecurrence, match="not an occurrence"):
        split_at(rule, first, NY, first + timedelta(weeks=3))  # after the last one


# --- properties ---------------------------------------------------------------------------

ZONES = st.sampled_from([NY, BERLIN, SYDNEY])
SPRING_MONTH = {NY: 3, BERLIN: 3, SYDNEY: 10}
FALL_MONTH = {NY: 11, BERLIN: 10, SYDNEY: 4}


def dst_change_day(tz: str, year: int, month: int) -> date:
    """The day in that month whose UTC offset at noon differs from the day before's."""
    zone, day = ZoneInfo(tz), date(year, month, 1)
    noon = lambda d: datetime.combine(d, time(12), tzinfo=zone).utcoffset()  # noqa: E731
    while noon(day) == noon(day - timedelta(days=1)):
        day += timedelta(days=1)
    return day


WEEKDAYS = st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True)


@st.composite
def rules(draw: st.DrawFn, *, plain: bool = False, ending: str = "count") -> RecurrenceRule:
    freq: Frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    by_day: tuple[WeekdayNum, ...] = ()
    by_month_day: tuple[int, ...] = ()
    plain = plain or draw(st.booleans())  # half without BY* parts, easier to run into gaps
    if not plain and freq in ("DAILY", "WEEKLY"):
        by_day = tuple(WeekdayNum(d) for d in draw(WEEKDAYS))
    elif not plain and freq == "MONTHLY":
        kind = draw(st.sampled_from(["none", "nth", "monthday"]))
        if kind == "nth":
            nth = st.sampled_from([1, 2, 3, 4, -1])
            by_day = tuple(WeekdayNum(d, draw(nth)) for d in draw(WEEKDAYS))
        elif kind == "monthday":
            days = st.lists(st.sampled_from([1, 5, 15, 28, -1]), min_size=1, max_size=3)
            by_month_day = tuple(draw(days))
    count = draw(st.integers(1, 40)) if ending == "count" else None
    interval = draw(st.integers(1, 4))
    return RecurrenceRule.parse(str(RecurrenceRule(freq, interval, by_day, by_month_day, count)))


@st.composite
def starts(draw: st.DrawFn, tz: str) -> datetime:
    # Half of the starts are in the small hours shortly before clocks spring forward (or fall
    # back), aligned so that daily and weekly series run into the gap (or fold).
    year = draw(st.integers(2020, 2035))
    if draw(st.booleans()):
        month, hour = draw(st.sampled_from([(SPRING_MONTH[tz], 2), (FALL_MONTH[tz], 1)]))
        before = timedelta(days=draw(st.sampled_from([1, 2, 7, 14, 28])))
        day = dst_change_day(tz, year, month) - before
    else:
        hour = draw(st.integers(0, 23))
        day = date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    clock = time(hour, draw(st.sampled_from([0, 15, 30, 45, 59])))
    first = datetime.combine(day, clock, tzinfo=ZoneInfo(tz))
    return first.astimezone(UTC) if draw(st.booleans()) else first


def wall_of(first: datetime, tz: str) -> datetime:
    zone = ZoneInfo(tz)
    given = first if first.tzinfo is zone else first.astimezone(zone)
    return given.replace(tzinfo=None)


PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(data=st.data(), tz=ZONES)
def test_property_wall_clock_time_is_kept(data: st.DataObject, tz: str) -> None:
    rule, first = data.draw(rules()), data.draw(starts(tz))
    occ = all_of(rule, first, tz)
    assert occ[0].start == first.astimezone(UTC)
    zone, wall = ZoneInfo(tz), wall_of(first, tz).time()
    for o in occ[1:]:
        seen = o.start.astimezone(zone).replace(tzinfo=None)
        if seen.time() == wall:
            continue
        event("gap-shifted occurrence")
        # Only allowed when the wall time does not exist that day: then shifted by the gap
        # (these zones' gaps never cross midnight, so the intended date is the seen date).
        intended = datetime.combine(seen.date(), wall)
        exists = intended.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).time() == wall
        assert not exists
        after = intended.replace(tzinfo=zone, fold=1).utcoffset()
        before = intended.replace(tzinfo=zone, fold=0).utcoffset()
        assert after is not None and before is not None and after > before
        assert seen == intended + (after - before)


@PROPERTY
@given(data=st.data(), tz=ZONES)
def test_property_strictly_increasing_and_spaced_by_interval(data: st.DataObject, tz: str) -> None:
    rule, first = data.draw(rules(plain=True)), data.draw(starts(tz))
    occ = all_of(rule, first, tz)
    assert all(a.start < b.start for a, b in pairwise(occ))
    dates = [wall_of(first, tz).date()] + [o.start.astimezone(ZoneInfo(tz)).date() for o in occ[1:]]
    for a, b in pairwise(dates):
        if rule.freq == "DAILY":
            assert (b - a).days == rule.interval
        elif rule.freq == "WEEKLY":
            assert (b - a).days == 7 * rule.interval
        else:  # the next month `interval` months on that has this day (31st skips short ones)
            month = a.year * 12 + a.month - 1 + rule.interval
            while a.day > monthrange(month // 12, month % 12 + 1)[1]:
                month += rule.interval
            assert b == date(month // 12, month % 12 + 1, a.day)


@PROPERTY
@given(data=st.data(), tz=ZONES)
def test_property_count_yields_exactly_count(data: st.DataObject, tz: str) -> None:
    rule, first = data.draw(rules()), data.draw(starts(tz))
    occ = all_of(rule, first, tz)
    assert len(occ) == rule.count
    assert len({o.recurrence_id for o in occ}) == rule.count


@PROPERTY
@given(data=st.data(), tz=ZONES)
def test_property_split_then_expand_gives_the_original(data: st.DataObject, tz: str) -> None:
    ending = data.draw(st.sampled_from(["count", "until", "open"]))
    rule, first = data.draw(rules(ending=ending)), data.draw(starts(tz))
    if ending == "until":
        until = first + timedelta(days=data.draw(st.integers(0, 400)))
        as_date = data.draw(st.booleans())
        rule = RecurrenceRule(
            rule.freq, rule.interval, rule.by_day, rule.by_month_day,
            until=until.astimezone(ZoneInfo(tz)).date() if as_date else until,
        )  # fmt: skip
    end = first + timedelta(days=800)
    occ = expand(rule, first, SESSION, tz, window_start=FAR_PAST, window_end=end)
    assume(len(occ) >= 2)
    split = occ[data.draw(st.integers(1, len(occ) - 1))].recurrence_id
    before, rest = split_at(rule, first, tz, split)
    new_first = series_start_for(rule, first, tz, split)
    assert new_first.astimezone(UTC) == split
    part1 = expand(before, first, SESSION, tz, window_start=FAR_PAST, window_end=end)
    part2 = expand(rest, new_first, SESSION, tz, window_start=FAR_PAST, window_end=end)
    assert part1 + part2 == occ
    assert RecurrenceRule.parse(str(before)) == before
    assert RecurrenceRule.parse(str(rest)) == rest


@PROPERTY
@given(data=st.data(), tz=ZONES)
def test_property_exdates_are_removed(data: st.DataObject, tz: str) -> None:
    rule, first = data.draw(rules()), data.draw(starts(tz))
    occ = all_of(rule, first, tz)
    chosen = data.draw(st.sets(st.sampled_from(occ)))
    zone = data.draw(st.sampled_from([UTC, ZoneInfo(tz), ZoneInfo("Asia/Kolkata")]))
    exdates = frozenset(o.recurrence_id.astimezone(zone) for o in chosen)
    kept = all_of(rule, first, tz, exdates=exdates)
    assert kept == [o for o in occ if o not in chosen]


@PROPERTY
@given(data=st.data())
def test_property_canonical_string_round_trips(data: st.DataObject) -> None:
    rule = data.draw(rules())
    assert RecurrenceRule.parse(str(rule)) == rule
