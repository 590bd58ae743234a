"""The composition root: the one place that builds infrastructure and wires it together."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from practicerunner.adapters.access_log import AccessLog
from practicerunner.adapters.clock import Clock, SystemClock
from practicerunner.adapters.document_files import DocumentFiles
from practicerunner.adapters.eventstore import EventStores
from practicerunner.adapters.mailer import MaildirMailer, SmtpMailer
from practicerunner.adapters.readstore import ReadStore
from practicerunner.adapters.sessions import SessionStore
from practicerunner.bootstrap import wiring
from practicerunner.commands.base import CommandContext
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.processes.effects import Effects
from practicerunner.processes.jobs import Jobs, make_broker, run_dispatcher
from practicerunner.processes.outbox import OutboxStore
from practicerunner.projections.clients.reach import CaseReach
from practicerunner.projections.engine import ProjectionEngine

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)

    def __post_init__(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.stores = EventStores(self.settings, wiring.stores())
        self.db = ReadStore(self.settings)
        # Security state outside the projections (sessions are high-churn; the access log is
        # a primary record); created before the engine, whose SessionRevocation writes to it.
        self.sessions = SessionStore(self.db)
        self.access_log = AccessLog(self.db)
        # Rendered PDFs: a primary record too (made by jobs, not derived from events).
        self.document_files = DocumentFiles(self.db)
        self.engine = ProjectionEngine(
            self.db, self.stores, wiring.build_projections(), self.settings.projection_batch_size
        )
        self.outbox = OutboxStore(self.engine)
        self.effects = Effects(self.db)
        self._threads: list[threading.Thread] = []
        # The dispatcher's rounds, counted, and a way to start one now (see ``settle``).
        self._dispatch_wake = threading.Event()
        self._dispatch_rounds = 0
        self._dispatch_round = threading.Condition()
        self._stop = threading.Event()

    @cached_property
    def authentication(self) -> Any:
        from practicerunner.commands.identity.sign_in import Authentication

        return Authentication(self)

    @cached_property
    def jobs(self) -> Jobs:
        namespace = self.settings.broker_namespace
        return Jobs(
            self,
            make_broker(self.settings.broker_url, namespace),
            wiring.job_kinds(),
            namespace,
            wiring.due_checks(),
        )

    @cached_property
    def stripe(self) -> Any:
        """The Stripe gateway (``adapters/stripe_gateway.py``), or None without a secret key."""
        from practicerunner.adapters.stripe_gateway import StripeGateway

        return StripeGateway.from_settings(self.settings)

    def mailer(self) -> Any:
        if self.settings.smtp_url:
            return SmtpMailer.from_url(self.settings.smtp_url)
        return MaildirMailer(str(self.settings.data_dir / "mail"))

    def context(self, actor: Actor, practice_id: Any = None) -> CommandContext:
        return CommandContext(self.stores, self.clock, actor, practice_id, self.case_reach)

    @cached_property
    def case_reach(self) -> CaseReach:
        return CaseReach(self.engine)

    # -- background work ------------------------------------------------------------------

    def start_background(
        self, projections: bool = True, dispatcher: bool = True, worker: bool = True
    ) -> None:
        """Runs projections, the due-work dispatcher and (for memory://) the worker in threads
        of this process: what ``serve`` does on the embedded default."""
        self._stop.clear()
        if projections:
            self._spawn("projections", self.engine.run_forever, self._stop)
        if worker:
            if self.settings.broker_url.startswith("memory://"):
                # Nothing survives in an in-memory queue: hand out again what was in flight.
                self.outbox.release_enqueued()
            self.jobs.start_worker()
        if dispatcher:
            self._spawn(
                "dispatcher",
                run_dispatcher,
                self.jobs,
                self._stop,
                0.5,
                self._dispatch_wake,
                self._count_dispatch_round,
            )

    def _spawn(self, name: str, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _count_dispatch_round(self) -> None:
        with self._dispatch_round:
            self._dispatch_rounds += 1
            self._dispatch_round.notify_all()

    def stop_background(self) -> None:
        self._stop.set()
        self._dispatch_wake.set()
        self.engine.wake()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        if "jobs" in self.__dict__:
            self.jobs.stop_worker()

    def run_until_idle(self, rounds: int = 20, join_timeout_ms: int = 10_000) -> None:
        """Deterministic processing for tests and one-shot CLI commands: project, dispatch,
        perform, until nothing is left to do. ``join_timeout_ms``: how long one round may
        wait for the worker to drain its queue (a batch of PDFs takes longer than a test's)."""
        if self.jobs._worker is None:
            self.jobs.start_worker()
        for _ in range(rounds):
            applied = self.engine.tick()
            dispatched = self.jobs.dispatch_due()
            self.jobs.join(join_timeout_ms)
            if not applied and not dispatched:
                return

    def settle(self, timeout: float = 30.0) -> None:
        """Brings all work to idle with the one driver this runtime has, so that a test may
        then assert what did (and did not) happen. Nothing in the background: runs
        ``run_until_idle``. Background threads (``serve``, the tests' ``client``): drives
        nothing itself; waits until the projections have applied every event, then has the
        dispatcher do a full round and the worker drain its queue, until a round changes
        nothing (no new event, no due job started or finished)."""
        names = {t.name for t in self._threads if t.is_alive()}
        if not names:
            self.run_until_idle()
            return
        deadline = time.monotonic() + timeout
        seen: tuple[Any, ...] | None = None
        while True:
            heads = self.stores.head_positions()
            left = deadline - time.monotonic()
            if "projections" in names and not self.engine.wait_for(
                list(self.engine.projections), heads, max(left, 0)
            ):
                raise TimeoutError("the projections did not catch up")
            now = self.clock.now().isoformat()  # the outbox compares times as ISO text
            due = sorted(r.job_id for r in self.outbox.pending() if r.due_at <= now)
            if (heads, due) == seen:
                return
            seen = (heads, due)
            if "dispatcher" in names:
                self._await_dispatch_round(deadline)
            self.jobs.join()

    def _await_dispatch_round(self, deadline: float) -> None:
        """Waits for a dispatcher round that began after this call (two rounds ending: the
        first may have begun before)."""
        with self._dispatch_round:
            wanted = self._dispatch_rounds + 2
            while self._dispatch_rounds < wanted:
                if time.monotonic() > deadline:
                    raise TimeoutError("the dispatcher did not go round")
                self._dispatch_wake.set()
                self._dispatch_round.wait(0.05)

    def close(self) -> None:
        self.stop_background()
        if "jobs" in self.__dict__:
            self.jobs.broker.close()
        self.stores.close()
        self.db.close()
