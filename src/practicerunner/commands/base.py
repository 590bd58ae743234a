"""What every command handler shares: the context it runs in, loading with tenant checks,
expected-version checks, and saving with conflicts turned into domain errors."""

from __future__ import annotations

import copy as copying
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from pydantic import BaseModel, ConfigDict, field_validator

from practicerunner.adapters.clock import Clock
from practicerunner.adapters.eventstore import ContextApplication, EventStores
from practicerunner.commands.inputs import refuse_control_characters
from practicerunner.domain.base import Actor, NaturalKeyClaim, PracticeAggregate, natural_id
from practicerunner.domain.errors import AlreadyExists, Conflict, NotFound, StaleVersion
from practicerunner.domain.practice.practice import Practice

A = TypeVar("A", bound=PracticeAggregate)


class Command(BaseModel):
    """Validated input of a command. Unknown fields are refused, not silently dropped; no
    string anywhere in it holds a control character or NUL. Fields use the strict types of
    ``commands.inputs`` (integers are integers, times ISO 8601 with an offset)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        refuse_control_characters(value)
        return value


class CaseReachQueries(Protocol):
    """What case-level rules read from the read models (``projections.clients.reach``)."""

    def case_team(self, practice_id: str, case_id: str) -> tuple[set[str], set[str]] | None: ...

    def default_supervisors_of(self, staff_ids: set[str]) -> set[str]: ...

    def person_reachable(self, practice_id: str, person_id: str, clinician_id: str) -> bool: ...


@dataclass(frozen=True)
class CommandContext:
    """Where a command runs: the stores, the clock, who acts and for which practice, and
    the read-model queries case-level rules use (``commands.access``)."""

    stores: EventStores
    clock: Clock
    actor: Actor
    practice_id: UUID | None = None
    reach: CaseReachQueries | None = None

    def now(self) -> datetime:
        return self.clock.now()


@dataclass(frozen=True)
class CommandResult:
    """What a command reached: the aggregate it changed, its version, and the log position
    (``context:notification_id``) that queries may wait for."""

    id: UUID
    version: int
    position: str
    extra: dict[str, Any] = field(default_factory=dict)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Applies stored events in order. The library's default projector also checks each event
    against a runtime protocol, which costs more than the mutation itself."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


# The aggregates the access check of the running command loaded (``access.check``), by
# (store, id): the handler's first ``load`` of each takes it from here instead of asking the
# store again. Each is handed out once, so a later load (a retry after a conflict) reads the
# store afresh; the optimistic save still refuses a version someone else moved on since.
_CHECKED: ContextVar[dict[tuple[int, UUID], Any] | None] = ContextVar("checked", default=None)


@contextmanager
def checked_aggregates(aggregates: dict[tuple[int, UUID], Any]) -> Iterator[None]:
    token = _CHECKED.set(aggregates)
    try:
        yield
    finally:
        _CHECKED.reset(token)


def _from_check(app: ContextApplication, aggregate_id: UUID, copy: bool) -> Any:
    memo = _CHECKED.get()
    if not memo:
        return None
    found = memo.pop((id(app), aggregate_id), None)
    return copying.deepcopy(found) if found is not None and copy else found


def load(
    app: ContextApplication,
    cls: type[A],
    aggregate_id: UUID | str,
    practice_id: UUID | None,
    *,
    copy: bool = True,
) -> A:
    """Loads an aggregate of the practice; anything else (missing, other kind, other practice)
    is "not found", so ids of other practices reveal nothing."""
    try:
        key = UUID(str(aggregate_id))
        aggregate: Any = _from_check(app, key, copy)
        if aggregate is None:
            aggregate = app.repository.get(key, projector_func=replay, deepcopy_from_cache=copy)
    except (AggregateNotFoundError, ValueError):
        raise NotFound(f"No {cls.__name__.lower()} with that id.") from None
    if not isinstance(aggregate, cls):
        raise NotFound(f"No {cls.__name__.lower()} with that id.")
    owner = (
        aggregate.id if isinstance(aggregate, Practice) else getattr(aggregate, "practice_id", None)
    )
    if practice_id is not None and str(owner) != str(practice_id):
        raise NotFound(f"No {cls.__name__.lower()} with that id.")
    return aggregate


def expect_version(aggregate: PracticeAggregate, expected: int | None) -> None:
    if expected is not None and aggregate.version != expected:
        raise StaleVersion(
            f"Expected version {expected}, but it is at version {aggregate.version}.",
            current_version=aggregate.version,
        )


def claim_exists(app: ContextApplication, kind: str, key: str) -> NaturalKeyClaim | None:
    try:
        claim: Any = app.repository.get(natural_id(kind, key))
    except AggregateNotFoundError:
        return None
    assert isinstance(claim, NaturalKeyClaim)
    return claim


def take_claim(
    app: ContextApplication, kind: str, key: str, owner_id: str, ctx: CommandContext, what: str
) -> NaturalKeyClaim:
    """Claims a natural key (new claim, or retaking a released one); a key held by another
    owner is refused. The claim is saved together with the command's other aggregates."""
    existing = claim_exists(app, kind, key)
    if existing is None:
        return NaturalKeyClaim.claim(kind, key, owner_id, ctx.actor, ctx.now())
    if existing.owner_id not in (None, owner_id):
        raise AlreadyExists(f"{what} is already taken.", field=kind)
    existing.take(owner_id, ctx.actor, ctx.now())
    return existing


def save(
    app: ContextApplication,
    *aggregates: PracticeAggregate | None,
    result_of: PracticeAggregate,
    **extra: Any,
) -> CommandResult:
    """Saves every changed aggregate in one atomic write. A concurrent change to any of them
    (or a natural key claimed in between) fails the whole write: nothing is recorded."""
    try:
        position = app.save_all(*[a for a in aggregates if a is not None])
    except IntegrityError:
        if any(isinstance(a, NaturalKeyClaim) and a.version == 1 for a in aggregates):
            raise AlreadyExists(
                "That name is already taken (claimed at the same moment)."
            ) from None
        raise Conflict(
            "Someone else changed this at the same time; reload and try again."
        ) from None
    return CommandResult(
        id=result_of.id, version=result_of.version, position=f"{app.name}:{position}", extra=extra
    )
