"""Locations (which fix an appointment's session format) and services (what is booked)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate
from practicerunner.domain.errors import InvalidValue, RuleViolation
from practicerunner.domain.practice.practice import address_must_be_complete
from practicerunner.domain.values import (
    cpt_code_must_be_valid,
    fee_must_not_be_negative,
    name_must_be_present,
)


class SessionFormat(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class Location(PracticeAggregate):
    def __init__(
        self, practice_id: str, name: str, session_format: str, address: dict[str, str] | None
    ) -> None:
        self.practice_id = practice_id
        self.name = name
        self.session_format = SessionFormat(session_format)
        self.address = address
        self.rooms: dict[str, str] = {}
        self.visible_online = True
        self.archived = False

    class Added(PracticeAggregate.Created):
        practice_id: str
        name: str
        session_format: str
        address: dict[str, str] | None

    class Renamed(PracticeAggregate.Event):
        name: str

        def apply(self, location: Location) -> None:
            location.name = self.name

    class AddressChanged(PracticeAggregate.Event):
        address: dict[str, str]

        def apply(self, location: Location) -> None:
            location.address = dict(self.address)

    class RoomAdded(PracticeAggregate.Event):
        room_id: str
        name: str

        def apply(self, location: Location) -> None:
            location.rooms[self.room_id] = self.name

    class RoomRemoved(PracticeAggregate.Event):
        room_id: str

        def apply(self, location: Location) -> None:
            location.rooms.pop(self.room_id, None)

    class OnlineVisibilityChanged(PracticeAggregate.Event):
        visible_online: bool

        def apply(self, location: Location) -> None:
            location.visible_online = self.visible_online

    class Archived(PracticeAggregate.Event):
        def apply(self, location: Location) -> None:
            location.archived = True

    @classmethod
    def add(
        cls,
        *,
        id: UUID,
        practice_id: str,
        name: str,
        session_format: SessionFormat,
        address: dict[str, str] | None,
        by: Actor,
        at: datetime | None,
    ) -> Location:
        session_format = SessionFormat(session_format)
        if session_format == SessionFormat.IN_PERSON:
            if not address:
                raise InvalidValue("An in-person location needs an address.", field="address")
            address = address_must_be_complete(address)
        elif address:
            raise InvalidValue("Only in-person locations have an address.", field="address")
        return cls._start(
            cls.Added,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            name=name_must_be_present(name),
            session_format=session_format.value,
            address=address,
        )

    def _must_be_open(self) -> None:
        if self.archived:
            raise RuleViolation("This location is archived.")

    def rename(self, name: str, by: Actor, at: datetime | None) -> None:
        self._must_be_open()
        self._happen(self.Renamed, by, at, name=name_must_be_present(name))

    def change_address(self, address: dict[str, str], by: Actor, at: datetime | None) -> None:
        self._must_be_open()
        if self.session_format != SessionFormat.IN_PERSON:
            raise RuleViolation("Only in-person locations have an address.")
        self._happen(self.AddressChanged, by, at, address=address_must_be_complete(address))

    def add_room(self, room_id: str, name: str, by: Actor, at: datetime | None) -> None:
        self._must_be_open()
        if self.session_format != SessionFormat.IN_PERSON:
            raise RuleViolation("Only in-person locations have rooms.")
        name = name_must_be_present(name, "room name", 100)
        if name.lower() in (n.lower() for n in self.rooms.values()):
            raise RuleViolation(f"This location already has a room named '{name}'.")
        self._happen(self.RoomAdded, by, at, room_id=room_id, name=name)

    def remove_room(self, room_id: str, by: Actor, at: datetime | None) -> None:
        if room_id not in self.rooms:
            raise InvalidValue("This location has no such room.", field="room_id")
        self._happen(self.RoomRemoved, by, at, room_id=room_id)

    def change_online_visibility(self, visible: bool, by: Actor, at: datetime | None) -> None:
        self._must_be_open()
        if visible != self.visible_online:
            self._happen(self.OnlineVisibilityChanged, by, at, visible_online=visible)

    def archive(self, by: Actor, at: datetime | None) -> None:
        if not self.archived:
            self._happen(self.Archived, by, at)


class Service(PracticeAggregate):
    def __init__(
        self,
        practice_id: str,
        name: str,
        cpt_code: str | None,
        duration_minutes: int,
        fee_cents: int,
        currency: str,
        bookable_online: bool,
    ) -> None:
        self.practice_id = practice_id
        self.name = name
        self.cpt_code = cpt_code
        self.duration_minutes = duration_minutes
        self.fee_cents = fee_cents
        self.currency = currency
        self.bookable_online = bookable_online
        self.retired = False

    class Added(PracticeAggregate.Created):
        """Version 2 added ``bookable_online``; version 1 services were never bookable online."""

        class_version: ClassVar[int] = 2
        practice_id: str
        name: str
        cpt_code: str | None
        duration_minutes: int
        fee_cents: int
        currency: str
        bookable_online: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["bookable_online"] = False

    class Renamed(PracticeAggregate.Event):
        name: str

        def apply(self, service: Service) -> None:
            service.name = self.name

    class FeeChanged(PracticeAggregate.Event):
        fee_cents: int

        def apply(self, service: Service) -> None:
            service.fee_cents = self.fee_cents

    class DurationChanged(PracticeAggregate.Event):
        duration_minutes: int

        def apply(self, service: Service) -> None:
            service.duration_minutes = self.duration_minutes

    class CptCodeChanged(PracticeAggregate.Event):
        cpt_code: str | None

        def apply(self, service: Service) -> None:
            service.cpt_code = self.cpt_code

    class OnlineBookingChanged(PracticeAggregate.Event):
        bookable_online: bool

        def apply(self, service: Service) -> None:
            service.bookable_online = self.bookable_online

    class Retired(PracticeAggregate.Event):
        def apply(self, service: Service) -> None:
            service.retired = True

    @staticmethod
    def duration_must_be_sensible(minutes: int) -> int:
        if not 5 <= minutes <= 600:
            raise InvalidValue(
                "A service lasts between 5 and 600 minutes.", field="duration_minutes"
            )
        return minutes

    @classmethod
    def add(
        cls,
        *,
        id: UUID,
        practice_id: str,
        name: str,
        cpt_code: str | None,
        duration_minutes: int,
        fee_cents: int,
        bookable_online: bool,
        by: Actor,
        at: datetime | None,
        currency: str = "USD",
    ) -> Service:
        return cls._start(
            cls.Added,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            name=name_must_be_present(name),
            cpt_code=cpt_code_must_be_valid(cpt_code) if cpt_code else None,
            duration_minutes=cls.duration_must_be_sensible(duration_minutes),
            fee_cents=fee_must_not_be_negative(fee_cents),
            currency=currency,
            bookable_online=bookable_online,
        )

    def _must_be_offered(self) -> None:
        if self.retired:
            raise RuleViolation("This service is retired.")

    def rename(self, name: str, by: Actor, at: datetime | None) -> None:
        self._must_be_offered()
        self._happen(self.Renamed, by, at, name=name_must_be_present(name))

    def change_fee(self, fee_cents: int, by: Actor, at: datetime | None) -> None:
        self._must_be_offered()
        self._happen(self.FeeChanged, by, at, fee_cents=fee_must_not_be_negative(fee_cents))

    def change_duration(self, minutes: int, by: Actor, at: datetime | None) -> None:
        self._must_be_offered()
        self._happen(
            self.DurationChanged, by, at, duration_minutes=self.duration_must_be_sensible(minutes)
        )

    def change_cpt_code(self, code: str | None, by: Actor, at: datetime | None) -> None:
        self._must_be_offered()
        self._happen(
            self.CptCodeChanged, by, at, cpt_code=cpt_code_must_be_valid(code) if code else None
        )

    def change_online_booking(self, bookable: bool, by: Actor, at: datetime | None) -> None:
        self._must_be_offered()
        if bookable != self.bookable_online:
            self._happen(self.OnlineBookingChanged, by, at, bookable_online=bookable)

    def retire(self, by: Actor, at: datetime | None) -> None:
        if not self.retired:
            self._happen(self.Retired, by, at)
