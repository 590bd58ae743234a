"""What a bounded context declares once, and the one place that reads those declarations.

A context names the event store its aggregates are saved in, its aggregates, its read models,
the deciders its process managers run on events, the kinds of job those decisions enqueue, the
API modules that carry its routes, the permissions it adds to the role matrix, and where its
classes used to live (stored events name the module a class was in when they were recorded).
Adding a context means adding its declaration to ``bootstrap/contexts/`` and its own folders:
nothing else is edited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from practicerunner.domain.base import PracticeAggregate
from practicerunner.domain.practice.roles import Role
from practicerunner.processes.jobs import JobKind
from practicerunner.processes.outbox import Decider
from practicerunner.projections.engine import Projection


@dataclass(frozen=True)
class ContextDeclaration:
    name: str
    # The event-store application (its own table or SQLite file) the aggregates are saved in.
    # Several code contexts may share one store; a command saves all it touched in one write,
    # so aggregates a command changes together must share a store.
    store: str | None = None
    aggregates: Sequence[type[PracticeAggregate]] = ()
    projections: Sequence[Callable[[], Projection]] = ()
    deciders: Sequence[tuple[type, Decider]] = ()
    job_kinds: Sequence[JobKind] = ()
    # Work found by asking a read model "what is due now" on every dispatcher tick (with the
    # runtime's clock), instead of days-long delayed messages; each returns how much it did.
    due_checks: Sequence[Callable[[Any], int]] = ()
    # Dotted paths of modules that each define ``router`` (an APIRouter); imported by the API
    # when the app is built, so declaring them here creates no import cycle.
    routers: Sequence[str] = ()
    # Permissions this context adds, with the roles that hold them (owners hold every one).
    permissions: Mapping[Any, frozenset[Role]] = field(default_factory=dict)
    # (module the classes were recorded under, the classes now) for stored topics.
    moved_from: Sequence[tuple[str, Sequence[type]]] = ()
