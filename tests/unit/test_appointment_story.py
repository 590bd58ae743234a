"""The Appointment aggregate through its real handlers: given events, when a command, then
events (or a refusal with a stable problem code and nothing recorded), on memory:// stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicerunner.commands.scheduling.booking import BookAppointment, book_appointment
from practicerunner.commands.scheduling.changes import (
    AppointmentCommand,
    CancelAppointment,
    CompleteAppointment,
    RescheduleAppointment,
    cancel_appointment,
    complete_appointment,
    confirm_appointment,
    reschedule_appointment,
)
from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.roles import Plan, Role
from practicerunner.domain.scheduling.appointments import Appointment, TimeRange
from practicerunner.domain.scheduling.booking_days import BookingDay
from tests.support.given import PracticeHistory, Story, a_practice

# The story's clock: Monday 2 March 2026, 14:00 UTC (09:00 in the practice's New York).
NEXT_WEEK = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


@pytest.fixture
def story() -> Iterator[Story]:
    s = Story()
    yield s
    s.close()


@pytest.fixture
def harbor(story: Story) -> PracticeHistory:
    return a_practice(story)


def booking(h: PracticeHistory, start: datetime, minutes: int | None = None) -> BookAppointment:
    return BookAppointment(
        case_id=h.case.id,
        provider_id=h.provider.id,
        service_id=h.service.id,
        location_id=h.office.id,
        start=start,
        end=start + timedelta(minutes=minutes) if minutes else None,
    )


def booked(h: PracticeHistory, start: datetime, minutes: int = 50) -> Appointment:
    """Given: an appointment already booked, with the provider's day guard holding it."""
    at = h.story.clock.now()
    when = TimeRange(start, start + timedelta(minutes=minutes))
    appointment = Appointment.book(
        id=uuid4(), practice_id=str(h.practice_id), case_id=str(h.case.id),
        case_kind=h.case.kind.value, provider_id=str(h.provider.id), service_id=str(h.service.id),
        location_id=str(h.office.id), room_id=None, session_format="in_person", when=when,
        supervisor_id=None, reminder_offsets=[1440, 120], by=h.as_owner, at=at,
    )  # fmt: skip
    day = BookingDay.open(
        str(h.practice_id), "provider", str(h.provider.id), start.date(), h.as_owner, at
    )
    day.hold(str(appointment.id), when, h.as_owner, at)
    h.story.given(appointment, day)
    return appointment


def test_booking_records_the_appointment_and_holds_the_providers_day(
    story: Story, harbor: PracticeHistory
) -> None:
    outcome = story.when(
        book_appointment,
        booking(harbor, NEXT_WEEK),
        by=harbor.as_owner,
        practice_id=harbor.practice_id,
    )
    assert outcome.refusal is None
    assert sorted(outcome.names) == ["Appointment.Booked", "BookingDay.Held", "BookingDay.Opened"]
    event = outcome.only("Appointment.Booked")
    assert event.originator_id == outcome.result.id
    assert (event.start, event.end) == (NEXT_WEEK, NEXT_WEEK + timedelta(minutes=50))
    assert event.provider_id == str(harbor.provider.id)
    assert event.case_kind == "individual"
    assert event.reminder_offsets == [1440, 120]  # the practice's reminder settings, as booked
    assert event.actor_id == str(harbor.owner.id)
    assert event.timestamp == story.clock.now()
    held = outcome.only("BookingDay.Held")
    assert held.originator_id == BookingDay.id_for(
        "provider", str(harbor.provider.id), NEXT_WEEK.date()
    )


def test_an_overlapping_booking_is_refused_and_records_nothing(
    story: Story, harbor: PracticeHistory
) -> None:
    booked(harbor, NEXT_WEEK)
    outcome = story.when(
        book_appointment, booking(harbor, NEXT_WEEK + timedelta(minutes=30)),
        by=harbor.as_owner, practice_id=harbor.practice_id,
    )  # fmt: skip
    refusal = outcome.refused("double-booking")
    assert "provider busy" in refusal.detail
    # Back to back is not an overlap.
    after = story.when(
        book_appointment, booking(harbor, NEXT_WEEK + timedelta(minutes=50)),
        by=harbor.as_owner, practice_id=harbor.practice_id,
    )  # fmt: skip
    assert after.refusal is None and "Appointment.Booked" in after.names


def test_another_practices_case_is_not_found_and_nothing_is_recorded(story: Story) -> None:
    harbor, other = a_practice(story, slug="harbor"), a_practice(story, slug="elsewhere")
    command = booking(harbor, NEXT_WEEK).model_copy(update={"case_id": other.case.id})
    outcome = story.when(
        book_appointment, command, by=harbor.as_owner, practice_id=harbor.practice_id
    )
    assert outcome.refused("not-found").detail == "No case with that id."


def test_an_archived_practice_books_nothing(story: Story, harbor: PracticeHistory) -> None:
    practice = story.load(Practice, harbor.practice_id)
    practice.change_plan(Plan.ARCHIVE, harbor.as_owner, story.clock.now(), active_clients=1)
    story.given(practice)
    outcome = story.when(
        book_appointment,
        booking(harbor, NEXT_WEEK),
        by=harbor.as_owner,
        practice_id=harbor.practice_id,
    )
    assert outcome.refused("plan-limit").extra["limit"] == "archive_read_only"


def test_an_admin_is_never_the_provider(story: Story, harbor: PracticeHistory) -> None:
    scheduler = harbor.staff(Role.SCHEDULER)
    command = booking(harbor, NEXT_WEEK).model_copy(update={"provider_id": scheduler.id})
    outcome = story.when(
        book_appointment, command, by=harbor.as_owner, practice_id=harbor.practice_id
    )
    assert outcome.refused("rule-violation").extra["reason"] == "not-a-clinician"


def test_a_client_cancelling_inside_the_window_is_a_late_cancellation_and_frees_the_slot(
    story: Story, harbor: PracticeHistory
) -> None:
    appointment = booked(harbor, story.clock.now() + timedelta(hours=3))
    outcome = story.when(
        cancel_appointment, CancelAppointment(appointment_id=appointment.id, by="client"),
        by=harbor.as_owner, practice_id=harbor.practice_id,
    )  # fmt: skip
    assert outcome.names == ["Appointment.Cancelled", "BookingDay.Released"]
    cancelled = outcome.only("Appointment.Cancelled")
    assert (cancelled.status, cancelled.late, cancelled.reason) == ("late_cancelled", True, None)
    assert outcome.only("BookingDay.Released").appointment_id == str(appointment.id)


def test_an_early_client_cancellation_uses_the_cases_planned_absence_allowance(
    story: Story, harbor: PracticeHistory
) -> None:
    practice = story.load(Practice, harbor.practice_id)
    practice.change_settings(
        "scheduling", {"planned_absence_enabled": True, "planned_absence_allowance": 1},
        harbor.as_owner, story.clock.now(),
    )  # fmt: skip
    story.given(practice)
    first, second = booked(harbor, NEXT_WEEK), booked(harbor, NEXT_WEEK + timedelta(days=7))

    def cancel(appointment: Appointment) -> list[str]:
        outcome = story.when(
            cancel_appointment, CancelAppointment(appointment_id=appointment.id, by="client"),
            by=harbor.as_owner, practice_id=harbor.practice_id,
        )  # fmt: skip
        return [outcome.only("Appointment.Cancelled").status, *sorted(outcome.names)]

    used = ["Appointment.Cancelled", "BookingDay.Released", "Case.PlannedAbsenceUsed"]
    assert cancel(first) == ["planned_absence", *used]
    # The allowance of one is used up: the next early cancellation is an ordinary one.
    assert cancel(second) == ["cancelled_by_client", "Appointment.Cancelled", "BookingDay.Released"]


def test_a_cancelled_appointment_cannot_be_cancelled_confirmed_or_moved(
    story: Story, harbor: PracticeHistory
) -> None:
    appointment = booked(harbor, NEXT_WEEK)
    appointment.cancel(
        appointment.status.CANCELLED_BY_PRACTICE, False, None, harbor.as_owner, story.clock.now()
    )
    story.given(appointment)
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    target = {"appointment_id": appointment.id}
    tomorrow = NEXT_WEEK + timedelta(days=1)
    for outcome in (
        story.when(cancel_appointment, CancelAppointment(**target, by="practice"), **ctx),
        story.when(confirm_appointment, AppointmentCommand(**target), **ctx),
        story.when(reschedule_appointment, RescheduleAppointment(**target, start=tomorrow), **ctx),
    ):
        assert outcome.refused("rule-violation").extra["reason"] == "appointment-not-upcoming"


def test_rescheduling_moves_the_hold_and_refuses_a_busy_slot(
    story: Story, harbor: PracticeHistory
) -> None:
    appointment = booked(harbor, NEXT_WEEK)
    booked(harbor, NEXT_WEEK + timedelta(days=1))
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    into_busy = RescheduleAppointment(
        appointment_id=appointment.id, start=NEXT_WEEK + timedelta(days=1, minutes=10)
    )
    story.when(reschedule_appointment, into_busy, **ctx).refused("double-booking")
    later = RescheduleAppointment(
        appointment_id=appointment.id, start=NEXT_WEEK + timedelta(hours=2)
    )
    moved = story.when(reschedule_appointment, later, **ctx)
    assert moved.names == ["Appointment.Rescheduled", "BookingDay.Released", "BookingDay.Held"]
    rescheduled = moved.only("Appointment.Rescheduled")
    assert rescheduled.previous_start == NEXT_WEEK
    assert rescheduled.start == NEXT_WEEK + timedelta(hours=2)
    assert rescheduled.end - rescheduled.start == timedelta(minutes=50)


def test_completing_before_the_start_is_refused_and_after_it_records_attendance(
    story: Story, harbor: PracticeHistory
) -> None:
    appointment = booked(harbor, story.clock.now() + timedelta(hours=1))
    ctx = {"by": harbor.as_owner, "practice_id": harbor.practice_id}
    early = story.when(
        complete_appointment, CompleteAppointment(appointment_id=appointment.id), **ctx
    )
    early.refused("rule-violation")
    story.clock.advance(timedelta(hours=2))
    late = CompleteAppointment(appointment_id=appointment.id, attendance={harbor.client.id: "late"})
    done = story.when(complete_appointment, late, **ctx)
    assert done.only("Appointment.Completed").attendance == {str(harbor.client.id): "late"}
    stranger = CompleteAppointment(appointment_id=appointment.id, attendance={uuid4(): "present"})
    story.when(complete_appointment, stranger, **ctx).refused("not-found")  # nobody we know
    again = story.when(complete_appointment, late, **ctx)
    again.refused("rule-violation")  # completed once: it is no longer upcoming


STARTS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=8 * 4 - 1), st.sampled_from([30, 50, 90])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests=STARTS)
def test_accepted_bookings_never_overlap_and_every_refusal_names_a_real_overlap(
    requests: list[tuple[int, int]],
) -> None:
    """Any sequence of bookings on one day (quarter-hour starts, three lengths): what is
    accepted never overlaps; what is refused overlaps something accepted."""
    story = Story()
    try:
        harbor = a_practice(story)
        accepted: list[TimeRange] = []
        for quarter, minutes in requests:
            start = NEXT_WEEK + timedelta(minutes=15 * quarter)
            when = TimeRange(start, start + timedelta(minutes=minutes))
            outcome = story.when(
                book_appointment, booking(harbor, start, minutes),
                by=harbor.as_owner, practice_id=harbor.practice_id,
            )  # fmt: skip
            clash = any(when.overlaps(other) for other in accepted)
            if clash:
                outcome.refused("double-booking")
            else:
                assert outcome.refusal is None, outcome.refusal
                accepted.append(when)
        day = story.load(
            BookingDay, BookingDay.id_for("provider", str(harbor.provider.id), NEXT_WEEK.date())
        )
        assert len(day.bookings) == len(accepted)
    finally:
        story.close()
