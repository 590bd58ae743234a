"""Base classes every aggregate builds on: actor-stamped events and deterministic ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from eventsourcing.domain import Aggregate

from practicerunner.domain.errors import RuleViolation

# Namespace for deterministic ids of natural keys (slugs, emails, one-per-thing decisions).
PRACTICERUNNER_NAMESPACE = uuid.UUID("6f1f6a49-1c8e-4c57-9b61-2f4a2e1c7d10")


def natural_id(kind: str, *parts: object) -> uuid.UUID:
    """A uuid5 of a natural key: saving a second aggregate with it fails the store's
    uniqueness check, which callers treat as "already exists"."""
    key = ":".join([kind, *(str(p).strip().lower() for p in parts)])
    return uuid.uuid5(PRACTICERUNNER_NAMESPACE, key)


@dataclass(frozen=True)
class Actor:
    """Who is doing something: a staff member, a client, or a named service principal.

    ``on_behalf_of`` is set while an owner or admin acts as a provider.
    """

    id: str
    on_behalf_of: str | None = None

    @classmethod
    def service(cls, name: str) -> Actor:
        return cls(id=f"service:{name}")

    @property
    def is_service(self) -> bool:
        return self.id.startswith("service:")


A = TypeVar("A", bound="PracticeAggregate")


class PracticeAggregate(Aggregate):
    """An aggregate whose every event records who did it, for whom, and when."""

    class Event(Aggregate.Event):
        actor_id: str
        on_behalf_of: str | None

    class Created(Event, Aggregate.Created):
        pass

    snapshot_every: ClassVar[int | None] = None

    def _happen(
        self, event_class: type[Any], by: Actor, at: datetime | None, **kwargs: Any
    ) -> None:
        self.trigger_event(
            event_class,
            actor_id=by.id,
            on_behalf_of=by.on_behalf_of,
            timestamp=at,
            **kwargs,
        )

    @classmethod
    def _start(
        cls: type[A],
        event_class: type[Any],
        *,
        id: uuid.UUID,
        by: Actor,
        at: datetime | None,
        **kwargs: Any,
    ) -> A:
        return cls._create(
            event_class,
            id=id,
            actor_id=by.id,
            on_behalf_of=by.on_behalf_of,
            timestamp=at,
            **kwargs,
        )


class NaturalKeyClaim(PracticeAggregate):
    """Holds a natural key (a practice slug, a staff email) for one owner at a time.

    Its id is ``natural_id(kind, key)``; creating a second claim for the same key fails
    in the store, atomically with whatever else the command saves. A released claim can
    be taken again by loading it and calling ``take``.
    """

    def __init__(self, kind: str, key: str, owner_id: str) -> None:
        self.kind = kind
        self.key = key
        self.owner_id: str | None = owner_id

    class Claimed(PracticeAggregate.Created):
        kind: str
        key: str
        owner_id: str

    class Released(PracticeAggregate.Event):
        def apply(self, claim: NaturalKeyClaim) -> None:
            claim.owner_id = None

    class Retaken(PracticeAggregate.Event):
        owner_id: str

        def apply(self, claim: NaturalKeyClaim) -> None:
            claim.owner_id = self.owner_id

    @classmethod
    def claim(
        cls, kind: str, key: str, owner_id: str, by: Actor, at: datetime | None
    ) -> NaturalKeyClaim:
        return cls._start(
            cls.Claimed,
            id=natural_id(kind, key),
            by=by,
            at=at,
            kind=kind,
            key=key,
            owner_id=owner_id,
        )

    def release(self, by: Actor, at: datetime | None) -> None:
        if self.owner_id is not None:
            self._happen(self.Released, by, at)

    def take(self, owner_id: str, by: Actor, at: datetime | None) -> None:
        if self.owner_id not in (None, owner_id):
            raise RuleViolation(f"The {self.kind} '{self.key}' is already taken.")
        if self.owner_id is None:
            self._happen(self.Retaken, by, at, owner_id=owner_id)
