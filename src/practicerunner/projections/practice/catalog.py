"""Locations and services of each practice, and the API access tokens."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.practice.catalog import Location, Service
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class Locations(Projection):
    name = "locations"
    version = 1
    handles = (
        Location.Added,
        Location.Renamed,
        Location.AddressChanged,
        Location.RoomAdded,
        Location.RoomRemoved,
        Location.OnlineVisibilityChanged,
        Location.Archived,
    )
    tables = (
        Table(
            "locations",
            {
                "location_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "name": "TEXT NOT NULL",
                "session_format": "TEXT NOT NULL",
                "address": "TEXT",
                "rooms": "TEXT NOT NULL",
                "visible_online": "INTEGER NOT NULL",
                "archived": "INTEGER NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("location_id",),
            indexes=(("practice_id", "name", "location_id"),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"location_id": str(event.originator_id)}
        version = event.originator_version
        if isinstance(event, Location.Added):
            batch.upsert(
                "locations",
                key,
                practice_id=event.practice_id,
                name=event.name,
                session_format=event.session_format,
                address=json.dumps(event.address) if event.address else None,
                rooms="[]",
                visible_online=1,
                archived=0,
                version=version,
            )
        elif isinstance(event, Location.Renamed):
            batch.update("locations", key, name=event.name, version=version)
        elif isinstance(event, Location.AddressChanged):
            batch.update("locations", key, address=json.dumps(event.address), version=version)
        elif isinstance(event, Location.RoomAdded | Location.RoomRemoved):
            row = batch.get("locations", key)
            rooms = json.loads(row["rooms"]) if row else []
            if isinstance(event, Location.RoomAdded):
                rooms.append({"room_id": event.room_id, "name": event.name})
            else:
                rooms = [r for r in rooms if r["room_id"] != event.room_id]
            batch.update("locations", key, rooms=json.dumps(rooms), version=version)
        elif isinstance(event, Location.OnlineVisibilityChanged):
            batch.update(
                "locations", key, visible_online=int(event.visible_online), version=version
            )
        elif isinstance(event, Location.Archived):
            batch.update("locations", key, archived=1, version=version)


class Services(Projection):
    name = "services"
    version = 1
    handles = (
        Service.Added,
        Service.Renamed,
        Service.FeeChanged,
        Service.DurationChanged,
        Service.CptCodeChanged,
        Service.OnlineBookingChanged,
        Service.Retired,
    )
    tables = (
        Table(
            "services",
            {
                "service_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "name": "TEXT NOT NULL",
                "cpt_code": "TEXT",
                "duration_minutes": "INTEGER NOT NULL",
                "fee_cents": "BIGINT NOT NULL",
                "currency": "TEXT NOT NULL",
                "bookable_online": "INTEGER NOT NULL",
                "retired": "INTEGER NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("service_id",),
            indexes=(("practice_id", "name", "service_id"),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"service_id": str(event.originator_id)}
        version = event.originator_version
        if isinstance(event, Service.Added):
            batch.upsert(
                "services",
                key,
                practice_id=event.practice_id,
                name=event.name,
                cpt_code=event.cpt_code,
                duration_minutes=event.duration_minutes,
                fee_cents=event.fee_cents,
                currency=event.currency,
                bookable_online=int(event.bookable_online),
                retired=0,
                version=version,
            )
        elif isinstance(event, Service.Renamed):
            batch.update("services", key, name=event.name, version=version)
        elif isinstance(event, Service.FeeChanged):
            batch.update("services", key, fee_cents=event.fee_cents, version=version)
        elif isinstance(event, Service.DurationChanged):
            batch.update("services", key, duration_minutes=event.duration_minutes, version=version)
        elif isinstance(event, Service.CptCodeChanged):
            batch.update("services", key, cpt_code=event.cpt_code, version=version)
        elif isinstance(event, Service.OnlineBookingChanged):
            batch.update(
                "services", key, bookable_online=int(event.bookable_online), version=version
            )
        elif isinstance(event, Service.Retired):
            batch.update("services", key, retired=1, version=version)
