"""``http_command``: commands per second through the HTTP API, under concurrent clients.

Value: ``POST /services/{id}/change-fee`` and ``/rename`` (alternating) with an owner's bearer
token, against the real app (``create_app(runtime, background=True)``) served by uvicorn in its
own process. Each client worker changes its own services, so no request conflicts with another.

Baseline: a bare FastAPI app whose one POST route inserts one row (psycopg or sqlite3), served
and driven the same way. The ratio is what authentication, the command layer, the event store
and the in-process projections cost over the thinnest useful write endpoint.

Both are driven by the same client (``benchmarks.loadgen``): ``workers`` concurrent keep-alive
connections, bounded by a request count and a time limit, after a short warm-up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from benchmarks.backends import fresh_settings
from benchmarks.loadgen import drive
from benchmarks.results import Result
from benchmarks.statements import counting
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice.practice import OpenPractice
from practicerunner.config import Settings
from practicerunner.demo import issue_token, open_with_owner
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.catalog import Service
from practicerunner.domain.practice.roles import Plan

Say = Callable[[str], None]
RequestFor = Callable[[int, int], tuple[str, dict[str, Any]]]
ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SERVICES_PER_WORKER = 25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(kind: str, settings: Settings, *extra: str) -> Iterator[int]:
    """Runs ``benchmarks.http_server`` in a child process; yields its port."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [
        sys.executable,
        "-m",
        "benchmarks.http_server",
        kind,
        "--database-url",
        settings.database_url,
        "--data-dir",
        str(settings.data_dir),
        "--port",
        str(port),
        *extra,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{kind} server did not start within 60 s")
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def setup_practice(rt: Runtime, workers: int) -> tuple[str, list[list[uuid.UUID]]]:
    """A practice with an owner token and, per client worker, its own services."""
    practice_id, owner_id = open_with_owner(
        rt,
        OpenPractice(
            name="Bench Practice",
            slug="bench-practice",
            plan=Plan.GROUP,
            owner_email="owner@bench.example",
            owner_given_name="Olive",
            owner_family_name="Owner",
        ),
    )
    token = issue_token(rt, practice_id, owner_id, "benchmark")
    at = datetime.now(UTC)
    services = [
        Service.add(
            id=uuid.uuid4(),
            practice_id=str(practice_id),
            name=f"Service {i}",
            cpt_code="90837",
            duration_minutes=50,
            fee_cents=15000,
            bookable_online=True,
            by=Actor(owner_id),
            at=at,
        )
        for i in range(workers * SERVICES_PER_WORKER)
    ]
    rt.stores.practice.save(*services)
    rt.run_until_idle()
    return token, [[s.id for s in services[w::workers]] for w in range(workers)]


@dataclass(frozen=True)
class PerRequest:
    """SQL per request, counted (``benchmarks.statements``), not timed."""

    statements: float  # on the request's own path: authentication, the command, its save
    round_trips: float
    background: float  # run afterwards by the projections and processes, per request

    def as_params(self) -> dict[str, float]:
        return {
            "statements_per_request": self.statements,
            "round_trips_per_request": self.round_trips,
            "background_statements_per_request": self.background,
        }


def count_per_request(
    settings: Settings,
    prepare: Callable[[Runtime, TestClient], tuple[dict[str, str], RequestFor]],
    requests: int = 20,
    warmup: int = 4,
) -> PerRequest:
    """Statements and round trips of one request, averaged over ``requests`` after a warm-up
    (pools filled, caches warm), through the real app in this process with nothing in the
    background; then the statements the projections and processes ran for them."""
    with counting(settings) as (counted, counter):
        rt = Runtime(counted)
        try:
            with TestClient(create_app(rt, background=False)) as client:
                headers, request_for = prepare(rt, client)
                rt.run_until_idle()

                def send(n: int) -> None:
                    path, body = request_for(0, n)
                    answer = client.post(path, json=body, headers=headers)
                    assert answer.status_code < 300, (answer.status_code, answer.text[:300])

                for n in range(warmup):
                    send(n)
                rt.run_until_idle()
                counter.reset()
                for n in range(warmup, warmup + requests):
                    send(n)
                statements, round_trips = counter.snapshot()
                counter.reset()
                rt.run_until_idle()
                background, _ = counter.snapshot()
        finally:
            rt.close()
    return PerRequest(
        round(statements / requests, 2),
        round(round_trips / requests, 2),
        round(background / requests, 2),
    )


def command_for_services(services: list[list[uuid.UUID]]) -> RequestFor:
    def command_for(w: int, n: int) -> tuple[str, dict[str, Any]]:
        service_id = services[w][n % len(services[w])]
        if n % 2:
            return f"/services/{service_id}/rename", {"name": f"Service {w}-{n}"}
        return f"/services/{service_id}/change-fee", {"fee_cents": 10000 + n % 5000}

    return command_for


def count_http_command(settings: Settings, requests: int = 20) -> PerRequest:
    """``count_per_request`` for this benchmark's commands (change-fee and rename)."""

    def prepare(rt: Runtime, _client: TestClient) -> tuple[dict[str, str], RequestFor]:
        token, services = setup_practice(rt, 1)
        return {"Authorization": f"Bearer {token}"}, command_for_services(services)

    return count_per_request(settings, prepare, requests)


def run(
    backend: str,
    settings: Settings,
    count: int,
    seconds: float,
    workers: int,
    say: Say,
    rounds: int = 2,
) -> list[Result]:
    rt = Runtime(settings)
    try:
        token, services = setup_practice(rt, workers)
    finally:
        rt.close()

    command_for = command_for_services(services)

    def row_for(w: int, n: int) -> tuple[str, dict[str, Any]]:
        return "/rows", {"note": f"row {w}-{n}", "amount": 10000 + n % 5000}

    auth = {"Authorization": f"Bearer {token}"}
    app_runs, bare_runs = [], []
    for _ in range(rounds):  # alternating, the best of each kept: evens out drift and noise
        with server("app", settings) as port:
            app_runs.append(drive(HOST, port, auth, command_for, workers, count, seconds))
        with server("bare", settings) as port:
            bare_runs.append(drive(HOST, port, {}, row_for, workers, count, seconds))
    with fresh_settings(backend) as counted:
        per_request = count_http_command(counted)
    app_load = max(app_runs, key=lambda load: load.per_second)
    bare_load = max(bare_runs, key=lambda load: load.per_second)
    say(
        f"http_command[{backend}]: app {app_load.per_second:,.0f}/s "
        f"(p50 {app_load.latency_ms(0.5)} ms, statuses {app_load.statuses}); "
        f"bare {bare_load.per_second:,.0f}/s (p50 {bare_load.latency_ms(0.5)} ms); "
        f"{per_request.statements} statements in {per_request.round_trips} round trips "
        f"per request (+{per_request.background} in the background)"
    )
    return [
        Result(
            name="http_command",
            value=app_load.per_second,
            unit="requests/s",
            baseline="bare FastAPI POST inserting one row, same server and client",
            baseline_value=bare_load.per_second,
            params={
                "backend": backend,
                "workers": workers,
                "max_requests": count,
                "max_seconds": seconds,
                "rounds": rounds,
                **per_request.as_params(),
                "requests": ["POST /services/{id}/change-fee", "POST /services/{id}/rename"],
                "app": {
                    "ok": app_load.ok,
                    "failed": app_load.failed,
                    "statuses": app_load.statuses,
                    "p50_ms": app_load.latency_ms(0.5),
                    "p95_ms": app_load.latency_ms(0.95),
                },
                "bare": {
                    "ok": bare_load.ok,
                    "failed": bare_load.failed,
                    "p50_ms": bare_load.latency_ms(0.5),
                    "p95_ms": bare_load.latency_ms(0.95),
                },
                "server": "uvicorn, one process, 127.0.0.1",
                "client": "benchmarks.loadgen: asyncio keep-alive HTTP/1.1, one process",
            },
        )
    ]
