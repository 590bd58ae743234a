"""``command``: practice commands per second through the command layer.

Value: ``commands.catalog.change_service_fee`` and ``rename_service`` (alternating), each on
the next of many services, through ``Runtime.context(...)``: validate, load the practice (the
Archive-plan check), load the service, apply, save. One command at a time.

Baseline: the same changes made to the same services held in memory, each saved with the
library's bare ``Application.save``: one event per save, no loading.

The params break a command down (practice load, service load, bare save) so that a poor ratio
says where the time goes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from benchmarks.results import Result
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext, load
from practicerunner.commands.practice import catalog
from practicerunner.commands.practice.practice import OpenPractice, practice_for_write
from practicerunner.config import Settings
from practicerunner.demo import open_with_owner
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.catalog import Service
from practicerunner.domain.practice.roles import Plan

Say = Callable[[str], None]
PRACTICES = 10
SERVICES_PER_PRACTICE = 50


def setup_services(
    rt: Runtime, practices: int, services_per_practice: int
) -> list[tuple[CommandContext, uuid.UUID]]:
    """Opens practices through the real command and gives each many services; returns
    (the owner's command context, service id) pairs, interleaved across practices."""
    app = rt.stores.practice
    contexts = []
    for n in range(practices):
        practice_id, owner_id = open_with_owner(
            rt,
            OpenPractice(
                name=f"Bench Practice {n}",
                slug=f"bench-practice-{n}-{uuid.uuid4().hex[:6]}",
                plan=Plan.GROUP,
                owner_email=f"owner{n}@bench.example",
                owner_given_name="Olive",
                owner_family_name="Owner",
            ),
        )
        contexts.append((rt.context(Actor(owner_id), practice_id), practice_id))
    pairs: list[tuple[CommandContext, uuid.UUID]] = []
    at = datetime.now(UTC)
    for i in range(services_per_practice):
        services = [
            Service.add(
                id=uuid.uuid4(),
                practice_id=str(practice_id),
                name=f"Service {i}",
                cpt_code="90837",
                duration_minutes=50,
                fee_cents=15000,
                bookable_online=True,
                by=ctx.actor,
                at=at,
            )
            for ctx, practice_id in contexts
        ]
        app.save(*services)
        pairs.extend((ctx, s.id) for (ctx, _), s in zip(contexts, services, strict=True))
    return pairs


def run_commands(
    pairs: list[tuple[CommandContext, uuid.UUID]], count: int, seconds: float, offset: int
) -> tuple[int, float]:
    """Runs up to ``count`` commands (or until ``seconds`` pass); returns (done, elapsed)."""
    started = time.perf_counter()
    deadline = started + seconds
    done = 0
    while done < count and time.perf_counter() < deadline:
        i = offset + done
        ctx, service_id = pairs[i % len(pairs)]
        if i % 2:
            catalog.rename_service(
                catalog.RenameService(service_id=service_id, name=f"Service {i}"), ctx
            )
        else:
            catalog.change_service_fee(
                catalog.ChangeServiceFee(service_id=service_id, fee_cents=10000 + i % 5000), ctx
            )
        done += 1
    return done, time.perf_counter() - started


def run_bare_saves(
    rt: Runtime,
    pairs: list[tuple[CommandContext, uuid.UUID]],
    count: int,
    seconds: float,
    offset: int,
) -> tuple[int, float]:
    """The same changes to the same services, loaded beforehand, each saved bare."""
    app = rt.stores.practice
    services: dict[uuid.UUID, Any] = {sid: app.repository.get(sid) for _, sid in pairs}
    actor = pairs[0][0].actor
    started = time.perf_counter()
    deadline = started + seconds
    done = 0
    while done < count and time.perf_counter() < deadline:
        i = offset + done
        service = services[pairs[i % len(pairs)][1]]
        at = datetime.now(UTC)
        if i % 2:
            service.rename(f"Service {i}", actor, at)
        else:
            service.change_fee(10000 + i % 5000, actor, at)
        app.save(service)
        done += 1
    return done, time.perf_counter() - started


def time_per_call(call: Callable[[int], object], count: int, seconds: float) -> float:
    """Milliseconds per call of ``call(i)``, over up to ``count`` calls."""
    started = time.perf_counter()
    deadline = started + seconds
    done = 0
    while done < count and time.perf_counter() < deadline:
        call(done)
        done += 1
    return (time.perf_counter() - started) * 1000 / max(done, 1)


def breakdown(
    rt: Runtime, pairs: list[tuple[CommandContext, uuid.UUID]], count: int, seconds: float
) -> dict[str, float]:
    """Where a command's time goes: the two loads it does before it saves."""
    app = rt.stores.practice

    def practice(i: int) -> object:
        return practice_for_write(pairs[i % len(pairs)][0])

    def service(i: int) -> object:
        ctx, service_id = pairs[i % len(pairs)]
        return load(app, Service, service_id, ctx.practice_id)

    return {
        "practice_for_write_ms": round(time_per_call(practice, count, seconds), 3),
        "load_service_ms": round(time_per_call(service, count, seconds), 3),
    }


def run(
    backend: str, settings: Settings, count: int, seconds: float, say: Say, rounds: int = 2
) -> list[Result]:
    rt = Runtime(settings)
    try:
        pairs = setup_services(rt, PRACTICES, SERVICES_PER_PRACTICE)
        run_commands(pairs, min(200, count), seconds, 0)  # warm-up
        # Alternating rounds; the best of each side is kept, which evens out drift and noise.
        best_cmd, best_base = 0.0, 0.0
        offset = 1000
        for _ in range(rounds):
            done, elapsed = run_commands(pairs, count, seconds, offset)
            best_cmd = max(best_cmd, done / elapsed)
            offset += done
            done, elapsed = run_bare_saves(rt, pairs, count, seconds, offset)
            best_base = max(best_base, done / elapsed)
            offset += done
        parts = breakdown(rt, pairs, min(count, 1000), seconds / 2)
        parts["command_ms"] = round(1000 / best_cmd, 3)
        parts["bare_save_ms"] = round(1000 / best_base, 3)
        say(
            f"command[{backend}]: {best_cmd:,.0f}/s vs bare save {best_base:,.0f}/s; "
            + ", ".join(f"{k}={v}" for k, v in parts.items())
        )
        return [
            Result(
                name="command",
                value=best_cmd,
                unit="commands/s",
                baseline="Application.save of the same change, aggregate already in memory",
                baseline_value=best_base,
                params={
                    "backend": backend,
                    "commands": ["change_service_fee", "rename_service"],
                    "practices": PRACTICES,
                    "services": len(pairs),
                    "max_commands_per_round": count,
                    "max_seconds_per_round": seconds,
                    "rounds": rounds,
                    "concurrency": 1,
                    "breakdown": parts,
                },
            )
        ]
    finally:
        rt.close()
