"""Jobs: the dramatiq broker, one actor per kind of side effect, the dispatcher that moves due
outbox rows to the broker, and the worker.

``memory://`` runs a stub broker with an in-process worker (the embedded default);
``redis://`` and ``amqp://`` use dramatiq's brokers with ``practicerunner worker`` processes.
Messages carry only a job id: the payload stays in the database, never in the broker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications

from practicerunner.processes.outbox import OutboxRow

if TYPE_CHECKING:
    from practicerunner.bootstrap.ports import Services

log = logging.getLogger(__name__)

JobHandler = Callable[..., str]


@dataclass(frozen=True)
class JobKind:
    actor: str
    handler: JobHandler
    queue: str = "default"
    max_retries: int = 8


def make_broker(url: str, namespace: str = "practicerunner") -> dramatiq.Broker:
    middleware = [
        AgeLimit(),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(min_backoff=1_000, max_backoff=300_000),
    ]
    broker: dramatiq.Broker
    if url.startswith("memory://"):
        broker = StubBroker(middleware=middleware)
        broker.emit_after("process_boot")
    elif url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url, middleware=middleware, namespace=namespace)
    else:
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url, middleware=middleware)
    return broker


class Jobs:
    """Binds job kinds to dramatiq actors on one broker and runs them against a runtime."""

    def __init__(
        self,
        runtime: Services,
        broker: dramatiq.Broker,
        kinds: list[JobKind],
        namespace: str = "practicerunner",
        due_checks: Sequence[Callable[[Any], int]] = (),
    ) -> None:
        self.runtime = runtime
        self.due_checks = list(due_checks)
        self.broker = broker
        self.kinds = {k.actor: k for k in kinds}
        self.actors: dict[str, dramatiq.Actor[Any, Any]] = {}
        self.hooks: dict[str, Any] = {}
        for kind in kinds:
            self.actors[kind.actor] = dramatiq.actor(
                actor_name=kind.actor,
                queue_name=f"{namespace}.{kind.queue}",
                broker=broker,
                max_retries=kind.max_retries,
            )(self._perform_fn(kind))
        self._worker: dramatiq.Worker | None = None

    def _perform_fn(self, kind: JobKind) -> Callable[[str], None]:
        def perform(job_id: str) -> None:
            self.perform(kind.actor, job_id)

        perform.__name__ = kind.actor
        return perform

    def perform(self, actor: str, job_id: str) -> str:
        """Runs one job by id; a job already done (a duplicate delivery) does nothing."""
        row: OutboxRow | None = self.runtime.outbox.get(job_id)
        if row is None or row.done_at is not None:
            return "already-done"
        outcome = self.kinds[actor].handler(self.runtime, row, **self.hooks)
        self.runtime.outbox.mark_done(job_id, self.runtime.clock.now(), outcome)
        log.info("job %s (%s) finished: %s", job_id, actor, outcome)
        return outcome

    def dispatch_due(self) -> int:
        """Runs the due checks (their work may record decisions), then hands every due outbox
        row to the broker. Returns how much was done, so callers can tell when all is idle."""
        done = 0
        for check in self.due_checks:
            try:
                done += check(self.runtime)
            except Exception:  # pragma: no cover - logged, asked again next tick
                log.exception("due check %s failed", getattr(check, "__name__", check))
        rows = self.runtime.outbox.claim_due(self.runtime.clock.now())
        for row in rows:
            actor = self.actors.get(row.actor)
            if actor is None:
                log.error("no actor for job kind %s", row.actor)
                continue
            actor.send(row.job_id)
        return done + len(rows)

    def start_worker(self, threads: int = 2) -> None:
        if self._worker is not None:
            return
        self._worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=100)
        self._worker.start()

    def stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop(timeout=5_000)
            self._worker = None

    def join(self, timeout_ms: int = 10_000) -> None:
        """Waits until the in-memory queues are drained (tests and the embedded default)."""
        if isinstance(self.broker, StubBroker):
            for queue in list(self.broker.queues):
                self.broker.join(queue, timeout=timeout_ms, fail_fast=False)
            if self._worker is not None:
                self._worker.join()


def run_dispatcher(
    jobs: Jobs,
    stop: threading.Event,
    interval: float = 1.0,
    wake: threading.Event | None = None,
    on_cycle: Callable[[], None] | None = None,
) -> None:
    """The scheduler loop: due work is asked of the outbox every ``interval`` seconds, or at
    once when ``wake`` is set; ``on_cycle`` is told after each round (``Runtime.settle``)."""
    pause = wake or stop
    while not stop.is_set():
        try:
            jobs.dispatch_due()
        except Exception:  # pragma: no cover - logged, retried next tick
            log.exception("dispatching due jobs failed")
        if on_cycle is not None:
            on_cycle()
        pause.wait(interval)
        if wake is not None:
            wake.clear()
