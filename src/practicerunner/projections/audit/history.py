"""Auditors' replay: any aggregate as it was at a version or an instant, with every event up
to that point and who did it (and for whom) when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import AggregateEvent

from practicerunner.adapters.eventstore import EventStores
from practicerunner.domain.base import PracticeAggregate
from practicerunner.domain.errors import InvalidValue, NotFound


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    event: str
    recorded_at: datetime
    actor_id: str | None
    on_behalf_of: str | None
    data: dict[str, Any]
    # Who acted and for whom, by name, so an auditor's screen needs no second look-up.
    actor_name: str | None = None
    on_behalf_of_name: str | None = None


# (practice id, ids) -> names: staff members' or clients' names within that practice.
ActorNames = Callable[[str, list[str]], dict[str, str]]


@dataclass(frozen=True)
class History:
    aggregate_id: UUID
    aggregate_type: str
    context: str
    version: int
    as_of: datetime | None
    state: dict[str, Any]
    events: list[HistoryEntry]

    @property
    def practice_id(self) -> str | None:
        if self.aggregate_type == "Practice":
            return str(self.aggregate_id)
        value = self.state.get("practice_id")
        return str(value) if value else None


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a value from an aggregate or an event."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


_EVENT_BASE_FIELDS = {
    "originator_id",
    "originator_version",
    "timestamp",
    "actor_id",
    "on_behalf_of",
    "originator_topic",
}


def aggregate_history(
    stores: EventStores,
    aggregate_id: UUID,
    *,
    as_of: datetime | None = None,
    version: int | None = None,
    names: ActorNames | None = None,
    practice_id: str | None = None,
) -> History:
    """``names`` (e.g. ``ClientQueries.actor_names``) fills in who acted, and for whom.
    ``practice_id``: another practice's record is "not found" exactly like an unknown id,
    whatever ``as_of`` or ``version`` asks for (checked before either is looked at)."""
    if as_of is not None and version is not None:
        raise InvalidValue("Give either a time or a version, not both.")
    if as_of is not None and as_of.tzinfo is None:
        raise InvalidValue("The time needs a timezone (e.g. 2026-01-31T12:00:00Z).", field="as_of")
    found = stores.find_aggregate(aggregate_id)
    if found is None:
        raise NotFound("No record with that id.")
    context, app = found
    if practice_id is not None and _owner(app, aggregate_id) != str(practice_id):
        raise NotFound("No record with that id.")
    # The stores hold only aggregate events (snapshots live apart), each with its timestamp.
    events = cast("list[AggregateEvent]", list(app.events.get(aggregate_id)))
    if as_of is not None:
        events = [e for e in events if e.timestamp <= as_of]
        if not events:
            raise NotFound("That record did not exist yet at that time.")
    if version is not None:
        if version < 1 or version > len(events):
            raise NotFound(f"That record has no version {version}.")
        events = events[:version]
    upto = events[-1].originator_version
    aggregate: PracticeAggregate = app.repository.get(aggregate_id, version=upto)
    # Secrets (recovery-code hashes, passkey public keys) stay out of every history view.
    secret: frozenset[str] = getattr(type(aggregate), "secret_fields", frozenset())
    state = {
        k: plain(v) for k, v in vars(aggregate).items() if not k.startswith("_") and k not in secret
    }
    state.update(
        id=str(aggregate.id),
        version=aggregate.version,
        created_on=plain(aggregate.created_on),
        modified_on=plain(aggregate.modified_on),
    )
    entries = [
        HistoryEntry(
            version=e.originator_version,
            event=type(e).__qualname__.split(".")[-1],
            recorded_at=e.timestamp,
            actor_id=getattr(e, "actor_id", None),
            on_behalf_of=getattr(e, "on_behalf_of", None),
            data={
                k: plain(v)
                for k, v in vars(e).items()
                if k not in _EVENT_BASE_FIELDS and k not in secret
            },
        )
        for e in events
    ]
    history = History(aggregate_id, type(aggregate).__name__, context, upto, as_of, state, entries)
    return _named(history, names) if names else history


def _owner(app: Any, aggregate_id: UUID) -> str | None:
    aggregate = app.repository.get(aggregate_id)
    if type(aggregate).__name__ == "Practice":
        return str(aggregate.id)
    owner = getattr(aggregate, "practice_id", None)
    return None if owner is None else str(owner)


def _named(history: History, names: ActorNames) -> History:
    practice_id = history.practice_id
    if practice_id is None:
        return history
    ids = [i for e in history.events for i in (e.actor_id, e.on_behalf_of) if i]
    found = names(practice_id, ids)
    events = [
        replace(
            e,
            actor_name=found.get(e.actor_id) if e.actor_id else None,
            on_behalf_of_name=found.get(e.on_behalf_of) if e.on_behalf_of else None,
        )
        for e in history.events
    ]
    return replace(history, events=events)


def case_history(
    stores: EventStores,
    case_id: UUID,
    appointment_ids: list[str],
    *,
    as_of: datetime | None = None,
    names: ActorNames | None = None,
    practice_id: str | None = None,
) -> dict[str, Any]:
    """A case as it was at ``as_of`` (default: now), its appointments as they were then, and one
    timeline of every event (participants, bookings, status changes) with who did it. An
    unknown id, another kind's and another practice's answer the same "not found"."""
    try:
        case = aggregate_history(stores, case_id, as_of=as_of, names=names, practice_id=practice_id)
    except NotFound as refused:
        if str(refused) == "No record with that id.":
            raise NotFound("No case with that id.") from None
        raise
    if case.aggregate_type != "Case":
        raise NotFound("No case with that id.")
    appointments, timeline = [], []
    for entry in case.events:
        timeline.append({"aggregate_id": str(case_id), "aggregate_type": "Case", **vars(entry)})
    for appointment_id in appointment_ids:
        try:
            history = aggregate_history(stores, UUID(appointment_id), as_of=as_of, names=names)
        except NotFound:
            continue  # booked after that moment
        appointments.append(_summary(history))
        for entry in history.events:
            timeline.append(
                {"aggregate_id": appointment_id, "aggregate_type": "Appointment", **vars(entry)}
            )
    timeline.sort(key=lambda e: (e["recorded_at"], e["aggregate_id"], e["version"]))
    for row in timeline:
        row["recorded_at"] = row["recorded_at"].isoformat()
    return {
        "case_id": str(case_id),
        "practice_id": case.practice_id,
        "as_of": as_of.isoformat() if as_of else None,
        "case": _summary(case),
        "appointments": appointments,
        "timeline": timeline,
    }


def _summary(history: History) -> dict[str, Any]:
    return {
        "aggregate_id": str(history.aggregate_id),
        "aggregate_type": history.aggregate_type,
        "version": history.version,
        "state": history.state,
    }
