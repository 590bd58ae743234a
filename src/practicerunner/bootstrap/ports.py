"""What the composition root offers the components it wires: the ``Services`` protocol.

Process managers, jobs and the sign-in ceremonies are handed the ``Runtime`` (``runtime.py``)
but name it by this protocol, so they depend on the infrastructure they use and not on the
module that builds it: ``runtime.py`` imports the contexts' declarations, which import the
process managers, and a process manager that imported ``runtime.py`` back (even only for
its type) would close an import cycle. ``tests/unit/test_import_cycles.py`` keeps it so.

A component that needs something new from the runtime adds it here; mypy checks that the
``Runtime`` still satisfies the protocol wherever one is passed as the other.
"""

from __future__ import annotations

from typing import Any, Protocol

from practicerunner.adapters.clock import Clock
from practicerunner.adapters.document_files import DocumentFiles
from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.readstore import ReadStore
from practicerunner.adapters.sessions import SessionStore
from practicerunner.commands.base import CommandContext
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.processes.effects import Effects
from practicerunner.processes.outbox import OutboxStore
from practicerunner.projections.engine import ProjectionEngine


class Services(Protocol):
    """The runtime as its components see it."""

    settings: Settings
    clock: Clock
    stores: EventStores
    db: ReadStore
    engine: ProjectionEngine
    sessions: SessionStore
    outbox: OutboxStore
    effects: Effects
    document_files: DocumentFiles

    @property
    def stripe(self) -> Any:
        """The Stripe gateway, or None without a secret key."""

    def mailer(self) -> Any: ...

    def context(self, actor: Actor, practice_id: Any = None) -> CommandContext: ...
