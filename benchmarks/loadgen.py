"""A small load generator: concurrent keep-alive HTTP/1.1 POSTs over asyncio streams.

httpx's client spends about 1.5 ms of CPU per request here, as much as the server it drives;
on a two-core machine that measured the client, not the server. This client sends requests
with a few bytes of formatting and parses only the status line, ``Content-Length`` and
``Connection``; it is enough for the JSON APIs it drives (uvicorn always sends a length).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A request to send: (path, JSON body) for request number n of worker w.
RequestFor = Callable[[int, int], tuple[str, dict[str, Any]]]


@dataclass
class Load:
    """What a run measured: successes, failures, elapsed time and each request's latency."""

    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def latency_ms(self, quantile: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return round(ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] * 1000, 2)

    def record(self, status: int, seconds: float) -> None:
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            self.ok += 1
        else:
            self.failed += 1


class Connection:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.fixed = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: dict[str, Any]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.fixed}"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        response_head = await self.reader.readuntil(b"\r\n\r\n")
        lines = response_head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if length:
            await self.reader.readexactly(length)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _drive(
    host: str,
    port: int,
    headers: dict[str, str],
    request_for: RequestFor,
    workers: int,
    count: int,
    seconds: float,
    load: Load,
) -> None:
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker(w: int) -> None:
        nonlocal issued
        conn = Connection(host, port, headers)
        n = 0
        try:
            while issued < count and time.perf_counter() < deadline:
                issued += 1
                path, body = request_for(w, n)
                n += 1
                started = time.perf_counter()
                status = await conn.post(path, body)
                load.record(status, time.perf_counter() - started)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(workers)))
    load.seconds = time.perf_counter() - started


def drive(
    host: str,
    port: int,
    headers: dict[str, str],
    request_for: RequestFor,
    workers: int,
    count: int,
    seconds: float,
    warmup: int = 100,
) -> Load:
    """Warms up with ``warmup`` requests, then sends up to ``count`` requests (or for
    ``seconds``) from ``workers`` concurrent connections; returns the measured run."""
    asyncio.run(_drive(host, port, headers, request_for, workers, warmup, seconds, Load()))
    load = Load()
    asyncio.run(_drive(host, port, headers, request_for, workers, count, seconds, load))
    return load
