"""Reads the contexts' declarations: the stores and their aggregates, the read models, the
deciders, the job kinds, the API modules and the permissions of this installation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from practicerunner.adapters.topics import register_moved
from practicerunner.bootstrap.contexts import CONTEXTS
from practicerunner.bootstrap.declaration import ContextDeclaration
from practicerunner.domain.base import PracticeAggregate
from practicerunner.processes.jobs import JobKind
from practicerunner.processes.outbox import Decider, Outbox
from practicerunner.projections.audit.audit_trail import AuditTrail
from practicerunner.projections.engine import Projection


def stores(
    contexts: Sequence[ContextDeclaration] = CONTEXTS,
) -> dict[str, tuple[type[PracticeAggregate], ...]]:
    found: dict[str, list[type[PracticeAggregate]]] = defaultdict(list)
    for context in contexts:
        if context.store is None:
            continue
        for aggregate in context.aggregates:
            if aggregate not in found[context.store]:
                found[context.store].append(aggregate)
    return {name: tuple(aggregates) for name, aggregates in found.items()}


def deciders(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> dict[type, list[Decider]]:
    found: dict[type, list[Decider]] = defaultdict(list)
    for context in contexts:
        for event_class, decide in context.deciders:
            found[event_class].append(decide)
    return dict(found)


def job_kinds(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> list[JobKind]:
    return [kind for context in contexts for kind in context.job_kinds]


def due_checks(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> list[Callable[[Any], int]]:
    return [check for context in contexts for check in context.due_checks]


def build_projections(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> list[Projection]:
    """Every context's read models, then the two that follow every store: the audit trail
    and the transactional outbox (fed by every context's deciders)."""
    upstreams = tuple(stores(contexts))
    projections = [make() for context in contexts for make in context.projections]
    return [*projections, AuditTrail(upstreams), Outbox(deciders(contexts), upstreams)]


def router_modules(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> list[str]:
    return [module for context in contexts for module in context.routers]


def register_moved_topics(contexts: Sequence[ContextDeclaration] = CONTEXTS) -> None:
    for context in contexts:
        for former_module, classes in context.moved_from:
            register_moved(former_module, classes)


register_moved_topics()
