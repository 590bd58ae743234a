"""Booking days: the double-booking guard.

Every provider (and room) has one ``BookingDay`` aggregate per UTC date, with a deterministic
id, holding that day's bookings. Booking or moving an appointment changes the day aggregates it
touches and saves them in the same atomic write as the appointment. Two concurrent bookings both
load version N of a day; the store accepts only one version N+1, so the other write fails as a
whole and is retried against the new state (where it meets the overlap) or answered with 409.
UTC dates, not local ones, so that a practice changing its timezone can never split one instant
across two guards."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import Conflict
from practicerunner.domain.scheduling.appointments import TimeRange


class DoubleBooking(Conflict):
    code = "double-booking"
    title = "That time is already taken"


class BookingDay(PracticeAggregate):
    """One provider's (or room's) bookings on one UTC date: the double-booking guard."""

    def __init__(self, practice_id: str, resource_kind: str, resource_id: str, day: str) -> None:
        self.practice_id = practice_id
        self.resource_kind = resource_kind
        self.resource_id = resource_id
        self.day = day
        self.bookings: dict[str, TimeRange] = {}

    class Opened(PracticeAggregate.Created):
        practice_id: str
        resource_kind: str
        resource_id: str
        day: str

    class Held(PracticeAggregate.Event):
        appointment_id: str
        start: datetime
        end: datetime

        def apply(self, day: BookingDay) -> None:
            day.bookings[self.appointment_id] = TimeRange(self.start, self.end)

    class Released(PracticeAggregate.Event):
        appointment_id: str

        def apply(self, day: BookingDay) -> None:
            day.bookings.pop(self.appointment_id, None)

    @staticmethod
    def id_for(resource_kind: str, resource_id: str, day: date) -> UUID:
        return natural_id(f"{resource_kind}-day", resource_id, day.isoformat())

    @classmethod
    def open(
        cls,
        practice_id: str,
        resource_kind: str,
        resource_id: str,
        day: date,
        by: Actor,
        at: datetime | None,
    ) -> BookingDay:
        return cls._start(
            cls.Opened,
            id=cls.id_for(resource_kind, resource_id, day),
            by=by,
            at=at,
            practice_id=practice_id,
            resource_kind=resource_kind,
            resource_id=resource_id,
            day=day.isoformat(),
        )

    def conflicts(self, appointment_id: str, when: TimeRange) -> list[tuple[str, TimeRange]]:
        return [
            (other, held)
            for other, held in self.bookings.items()
            if other != appointment_id and held.overlaps(when)
        ]

    def hold(self, appointment_id: str, when: TimeRange, by: Actor, at: datetime | None) -> None:
        if self.conflicts(appointment_id, when):
            raise DoubleBooking(f"The {self.resource_kind} already has an appointment then.")
        if self.bookings.get(appointment_id) != when:
            self._happen(
                self.Held, by, at, appointment_id=appointment_id, start=when.start, end=when.end
            )

    def release(self, appointment_id: str, by: Actor, at: datetime | None) -> None:
        if appointment_id in self.bookings:
            self._happen(self.Released, by, at, appointment_id=appointment_id)
