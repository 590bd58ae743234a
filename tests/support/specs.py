"""Given-events / when-command / then-events for aggregates.

``given`` replays recorded events into a fresh aggregate (as the repository does), ``when``
runs one intention on it, and ``then`` returns the events that intention recorded, so a test
reads as: with this history, doing this records exactly these facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

A = TypeVar("A")


def history(aggregate: Any) -> list[Any]:
    """The events an aggregate has recorded so far (and forgets them as pending)."""
    return list(aggregate.collect_events())


def given(events: Sequence[Any]) -> Any:
    aggregate: Any = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def when(aggregate: A, intention: Callable[[A], Any]) -> list[Any]:
    """Runs the intention; returns the events it recorded (none if it refused)."""
    intention(aggregate)
    return history(aggregate)


def names(events: Sequence[Any]) -> list[str]:
    return [type(e).__name__ for e in events]
