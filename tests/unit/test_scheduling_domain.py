"""The scheduling domain as specifications: cases, people, booking days, cancellations and
recurring series (with property tests across DST in two timezones)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practicerunner.domain.base import Actor
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.clients.cases import Case
from practicerunner.domain.clients.lifecycle import ContactType, LifecycleStatus, PersonKind
from practicerunner.domain.clients.people import Person
from practicerunner.domain.clients.relationships import HelperCapability, HelperRole
from practicerunner.domain.errors import Forbidden, InvalidValue, RuleViolation
from practicerunner.domain.scheduling.appointments import (
    AppointmentStatus,
    TimeRange,
    classify_cancellation,
)
from practicerunner.domain.scheduling.booking_days import BookingDay, DoubleBooking
from practicerunner.domain.scheduling.recurrence import RecurrenceRule
from practicerunner.domain.scheduling.series import RecurringSeries

STAFF = Actor("staff-1")
AT = datetime(2026, 3, 2, 14, tzinfo=UTC)


def _case(kind: CaseKind, title: str | None = None) -> Case:
    return Case.open(
        id=uuid.uuid4(), practice_id="p", kind=kind, title=title, opened_on=date(2026, 3, 1),
        by=STAFF, at=AT,
    )  # fmt: skip


def _person(**kwargs: object) -> Person:
    values: dict = dict(
        id=uuid.uuid4(), practice_id="p", kind=PersonKind.INDIVIDUAL, given_name="Ada",
        family_name="Lee", organisation_name=None, contact_type=ContactType.THERAPY_CLIENT,
        status=LifecycleStatus.PROSPECT, by=STAFF, at=AT,
    )  # fmt: skip
    values.update(kwargs)
    return Person.register(**values)


def test_case_kinds_limit_participants_and_decide_features() -> None:
    with pytest.raises(InvalidValue):
        _case(CaseKind.COUPLE)  # a couple needs its relationship label
    couple = _case(CaseKind.COUPLE, "co-parents")
    couple.add_participant("a", date(2026, 3, 1), STAFF, AT)
    couple.add_participant("b", date(2026, 3, 1), STAFF, AT)
    with pytest.raises(RuleViolation):
        couple.add_participant("c", date(2026, 3, 1), STAFF, AT)
    workshop = _case(CaseKind.WORKSHOP_GROUP)
    workshop.add_participant("a", date(2026, 3, 1), STAFF, AT)
    with pytest.raises(RuleViolation):
        workshop.record_diagnosis("a", "F41.1", "2026-03-01", STAFF, AT)
    assert "superbills" not in CaseKind.INDIVIDUAL_CONSULTATION.features
    assert "superbills" in CaseKind.FAMILY.features


def test_group_participants_join_and_leave_with_dates_and_own_billing_contacts() -> None:
    group = _case(CaseKind.THERAPY_GROUP)
    group.add_participant("a", date(2026, 3, 1), STAFF, AT)
    group.add_participant("b", date(2026, 3, 1), STAFF, AT)
    group.set_billing_contact("sponsor", None, STAFF, AT)
    group.set_billing_contact("employer", "b", STAFF, AT)
    assert group.billing_contact_for("a") == "sponsor"
    assert group.billing_contact_for("b") == "employer"
    group.remove_participant("b", date(2026, 4, 1), STAFF, AT)
    assert group.active_participants(date(2026, 3, 15)) == ["a", "b"]
    assert group.active_participants(date(2026, 4, 2)) == ["a"]
    family = _case(CaseKind.FAMILY)
    family.add_participant("a", date(2026, 3, 1), STAFF, AT)
    with pytest.raises(RuleViolation):
        family.set_billing_contact("x", "a", STAFF, AT)


def test_planned_absence_allowance_is_per_case_per_calendar_year() -> None:
    case = _case(CaseKind.INDIVIDUAL)
    assert case.use_planned_absence("a1", 2026, 1, STAFF, AT)
    assert not case.use_planned_absence("a2", 2026, 1, STAFF, AT)
    assert case.use_planned_absence("a3", 2027, 1, STAFF, AT)
    case.set_planned_absence_allowance(3, STAFF, AT)
    assert case.use_planned_absence("a4", 2026, 1, STAFF, AT)


def test_cancellations_are_classified_by_who_and_when() -> None:
    start = AT + timedelta(hours=30)
    window = timedelta(hours=24)
    assert classify_cancellation(by_client=True, start=start, at=AT, late_window=window) == (
        AppointmentStatus.CANCELLED_BY_CLIENT, False,
    )  # fmt: skip
    late = AT + timedelta(hours=10)
    assert classify_cancellation(by_client=True, start=late, at=AT, late_window=window) == (
        AppointmentStatus.LATE_CANCELLED, True,
    )  # fmt: skip
    assert classify_cancellation(by_client=False, start=late, at=AT, late_window=window)[0] == (
        AppointmentStatus.CANCELLED_BY_PRACTICE
    )


def test_lifecycle_transitions_are_explicit_and_archiving_needs_an_admin() -> None:
    person = _person()
    person.change_status(LifecycleStatus.ACTIVE, "provider", STAFF, AT)
    with pytest.raises(RuleViolation):
        person.change_status(LifecycleStatus.PROSPECT, "provider", STAFF, AT)
    with pytest.raises(Forbidden):
        person.change_status(LifecycleStatus.ARCHIVED, "provider", STAFF, AT)
    person.change_status(LifecycleStatus.ARCHIVED, "coordinator", STAFF, AT)
    with pytest.raises(RuleViolation):
        person.change_status(LifecycleStatus.ACTIVE, "owner", STAFF, AT)


def test_helpers_have_least_privilege_and_representatives_sign_once_verified() -> None:
    kid, parent, payer = _person(), _person(given_name="Jo"), _person(given_name="Pat")
    kid.add_helper(parent, HelperRole.REPRESENTATIVE, STAFF, AT)
    kid.add_helper(payer, HelperRole.BILLING_CONTACT, STAFF, AT)
    assert not kid.helper_may(str(parent.id), HelperCapability.SIGN_FORMS)
    with pytest.raises(Forbidden):
        kid.verify_representative(str(parent.id), Actor.service("portal"), AT)
    kid.verify_representative(str(parent.id), STAFF, AT)
    assert kid.helper_may(str(parent.id), HelperCapability.SIGN_FORMS)
    assert not kid.helper_may(str(payer.id), HelperCapability.VIEW_CLINICAL_FORMS)
    assert kid.helper_may(str(payer.id), HelperCapability.VIEW_BILLING)
    org = _person(kind=PersonKind.ORGANISATION, given_name=None, family_name=None,
                  organisation_name="Acme EAP", contact_type=ContactType.CONTACT)  # fmt: skip
    with pytest.raises(RuleViolation):
        kid.add_helper(org, HelperRole.SCHEDULING_HELPER, STAFF, AT)


def test_a_booking_day_refuses_overlaps_and_frees_released_slots() -> None:
    day = BookingDay.open("p", "provider", "jonah", date(2026, 3, 10), STAFF, AT)
    ten = TimeRange(datetime(2026, 3, 10, 10, tzinfo=UTC), datetime(2026, 3, 10, 11, tzinfo=UTC))
    day.hold("a", ten, STAFF, AT)
    back_to_back = TimeRange(ten.end, ten.end + timedelta(minutes=50))
    day.hold("b", back_to_back, STAFF, AT)
    with pytest.raises(DoubleBooking):
        day.hold("c", TimeRange(ten.start + timedelta(minutes=30), ten.end), STAFF, AT)
    day.release("a", STAFF, AT)
    day.hold("c", ten, STAFF, AT)
    late = TimeRange(
        datetime(2026, 3, 10, 23, 30, tzinfo=UTC), datetime(2026, 3, 11, 0, 20, tzinfo=UTC)
    )
    assert late.utc_days() == [date(2026, 3, 10), date(2026, 3, 11)]


ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney"]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    first_day=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    hour=st.integers(min_value=7, max_value=20),
    minute=st.sampled_from([0, 15, 30, 45]),
    count=st.integers(min_value=2, max_value=40),
    split_at=st.integers(min_value=1, max_value=39),
)
def test_series_occurrences_keep_their_local_time_and_split_cleanly(
    zone: str, first_day: date, hour: int, minute: int, count: int, split_at: int
) -> None:
    tz = ZoneInfo(zone)
    first = datetime(first_day.year, first_day.month, first_day.day, hour, minute, tzinfo=tz)
    series = RecurringSeries.start(
        id=uuid.uuid4(), practice_id="p", case_id="c", provider_id="jonah", service_id="s",
        location_id="l", room_id=None, session_format="video", supervisor_id=None,
        rule=RecurrenceRule.parse(f"FREQ=WEEKLY;COUNT={count}"), first_start=first,
        duration_minutes=50, timezone=zone, by=STAFF, at=AT,
    )  # fmt: skip
    until = first.astimezone(UTC) + timedelta(weeks=60)
    occurrences = series.occurrences_to_book(until)
    assert len(occurrences) == count
    for i, occ in enumerate(occurrences):
        local = occ.start.astimezone(tz)
        assert (local.hour, local.minute) == (hour, minute)  # 10:00 stays 10:00
        assert local.date() == first_day + timedelta(weeks=i)
        assert occ.end - occ.start == timedelta(minutes=50)
    booked = {o.recurrence_id.isoformat(): str(uuid.uuid4()) for o in occurrences}
    series.book_occurrences(until, booked, [], STAFF, AT)
    assert series.occurrences_to_book(until) == []
    # "This and all following" from any occurrence: the two parts cover the series exactly.
    index = min(split_at, count - 1)
    cut = occurrences[index].recurrence_id
    following = series.appointment_ids_from(cut)
    remainder, first_wall = series.split(cut, "next", STAFF, AT)
    assert len(following) == count - index
    assert len(series.occurrences) == index
    assert remainder.count == count - index
    assert first_wall.astimezone(UTC) == cut
    assert (first_wall.hour, first_wall.minute) == (hour, minute)
