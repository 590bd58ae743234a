"""The schedule read model: every appointment by provider, location, room, case and day; the
recurring series (for calendar feeds); and who takes part in which case (for a client's own
appointments). Times are stored as UTC ISO strings of one fixed shape, so they sort as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from practicerunner.domain.clients.cases import Case
from practicerunner.domain.scheduling.appointments import Appointment
from practicerunner.domain.scheduling.series import RecurringSeries
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


def ts(moment: datetime) -> str:
    """The one text shape of instants in this read model: ``2026-03-09T14:00:00+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Schedule(Projection):
    name = "schedule"
    version = 1
    upstreams = ("scheduling",)
    handles = (
        Appointment.Booked,
        Appointment.Confirmed,
        Appointment.Rescheduled,
        Appointment.SupervisorChanged,
        Appointment.Cancelled,
        Appointment.Superseded,
        Appointment.Completed,
        Appointment.MarkedNoShow,
        RecurringSeries.Started,
        RecurringSeries.OccurrencesBooked,
        RecurringSeries.Truncated,
        Case.ParticipantJoined,
        Case.ParticipantLeft,
    )
    tables = (
        Table(
            "appointments",
            {
                "appointment_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "case_id": "TEXT NOT NULL",
                "case_kind": "TEXT NOT NULL",
                "provider_id": "TEXT NOT NULL",
                "supervisor_id": "TEXT",
                "service_id": "TEXT NOT NULL",
                "location_id": "TEXT NOT NULL",
                "room_id": "TEXT",
                "session_format": "TEXT NOT NULL",
                "starts_at": "TEXT NOT NULL",
                "ends_at": "TEXT NOT NULL",
                "status": "TEXT NOT NULL",
                "late": "INTEGER NOT NULL",
                "series_id": "TEXT",
                "recurrence_id": "TEXT",
                "attendance": "TEXT NOT NULL",
                "booked_at": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("appointment_id",),
            indexes=(
                ("provider_id", "starts_at", "appointment_id"),
                ("location_id", "starts_at", "appointment_id"),
                ("room_id", "starts_at", "appointment_id"),
                ("case_id", "starts_at", "appointment_id"),
                ("practice_id", "starts_at", "appointment_id"),
                ("series_id",),
            ),
        ),
        Table(
            "series",
            {
                "series_id": "TEXT",
                "practice_id": "TEXT NOT NULL",
                "case_id": "TEXT NOT NULL",
                "provider_id": "TEXT NOT NULL",
                "service_id": "TEXT NOT NULL",
                "location_id": "TEXT NOT NULL",
                "room_id": "TEXT",
                "session_format": "TEXT NOT NULL",
                "rule": "TEXT NOT NULL",
                "first_start": "TEXT NOT NULL",
                "duration_minutes": "INTEGER NOT NULL",
                "timezone": "TEXT NOT NULL",
                "booked_until": "TEXT",
                "truncated_from": "TEXT",
                "ended": "INTEGER NOT NULL",
                "continues_series_id": "TEXT",
                "continued_by": "TEXT",
                "skipped": "TEXT NOT NULL",
                "updated_at": "TEXT NOT NULL",
                "version": "INTEGER NOT NULL",
            },
            key=("series_id",),
            indexes=(("provider_id",), ("case_id",)),
        ),
        Table(
            "schedule_participants",
            {
                "case_id": "TEXT",
                "person_id": "TEXT",
                "joined_on": "TEXT NOT NULL",
                "left_on": "TEXT",
            },
            key=("case_id", "person_id"),
            indexes=(("person_id",),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        if isinstance(event, Case.ParticipantJoined | Case.ParticipantLeft):
            self._participant(batch, event)
        elif isinstance(
            event,
            RecurringSeries.Started | RecurringSeries.OccurrencesBooked | RecurringSeries.Truncated,
        ):
            self._series(batch, event)
        else:
            self._appointment(batch, event)

    def _participant(self, batch: Batch, event: Any) -> None:
        key = {"case_id": str(event.originator_id), "person_id": event.person_id}
        if isinstance(event, Case.ParticipantJoined):
            batch.upsert("schedule_participants", key, joined_on=event.joined_on, left_on=None)
        else:
            batch.update("schedule_participants", key, left_on=event.left_on)

    def _appointment(self, batch: Batch, event: Any) -> None:
        key = {"appointment_id": str(event.originator_id)}
        common = {"version": event.originator_version, "updated_at": ts(event.timestamp)}
        if isinstance(event, Appointment.Booked):
            batch.upsert(
                "appointments",
                key,
                practice_id=event.practice_id,
                case_id=event.case_id,
                case_kind=event.case_kind,
                provider_id=event.provider_id,
                supervisor_id=event.supervisor_id,
                service_id=event.service_id,
                location_id=event.location_id,
                room_id=event.room_id,
                session_format=event.session_format,
                starts_at=ts(event.start),
                ends_at=ts(event.end),
                status="scheduled",
                late=0,
                series_id=event.series_id,
                recurrence_id=ts(event.recurrence_id) if event.recurrence_id else None,
                attendance="{}",
                booked_at=ts(event.timestamp),
                **common,
            )
            return
        changes: dict[str, Any] = {}
        if isinstance(event, Appointment.Confirmed):
            changes["status"] = "confirmed"
        elif isinstance(event, Appointment.Rescheduled):
            changes.update(
                starts_at=ts(event.start),
                ends_at=ts(event.end),
                provider_id=event.provider_id,
                location_id=event.location_id,
                room_id=event.room_id,
                session_format=event.session_format,
                status="scheduled",
            )
        elif isinstance(event, Appointment.SupervisorChanged):
            changes["supervisor_id"] = event.supervisor_id
        elif isinstance(event, Appointment.Cancelled):
            changes.update(status=event.status, late=int(event.late))
        elif isinstance(event, Appointment.Superseded):
            changes["status"] = "superseded"
        elif isinstance(event, Appointment.Completed):
            changes.update(status="completed", attendance=json.dumps(event.attendance))
        elif isinstance(event, Appointment.MarkedNoShow):
            changes["status"] = "no_show"
        batch.update("appointments", key, **changes, **common)

    def _series(self, batch: Batch, event: Any) -> None:
        key = {"series_id": str(event.originator_id)}
        common = {"version": event.originator_version, "updated_at": ts(event.timestamp)}
        if isinstance(event, RecurringSeries.Started):
            batch.upsert(
                "series",
                key,
                practice_id=event.practice_id,
                case_id=event.case_id,
                provider_id=event.provider_id,
                service_id=event.service_id,
                location_id=event.location_id,
                room_id=event.room_id,
                session_format=event.session_format,
                rule=event.rule,
                first_start=ts(event.first_start),
                duration_minutes=event.duration_minutes,
                timezone=event.timezone,
                booked_until=None,
                truncated_from=None,
                ended=0,
                continues_series_id=event.continues_series_id,
                continued_by=None,
                skipped="[]",
                **common,
            )
            return
        row = batch.get("series", key)
        if row is None:  # pragma: no cover
            return
        changes: dict[str, Any] = {}
        if isinstance(event, RecurringSeries.OccurrencesBooked):
            skipped = json.loads(row["skipped"]) + [
                ts(datetime.fromisoformat(s)) for s in event.skipped
            ]
            changes.update(booked_until=ts(event.until), skipped=json.dumps(skipped))
        elif isinstance(event, RecurringSeries.Truncated):
            cut = ts(event.from_recurrence_id)
            changes.update(
                rule=event.rule,
                truncated_from=cut,
                continued_by=event.continued_by,
                ended=int(cut <= row["first_start"]),
            )
        batch.update("series", key, **changes, **common)
