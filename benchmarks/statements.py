"""Counting SQL statements and round trips, for ``params.statements_per_request`` and the tests
that pin it.

``counting(settings)`` yields settings to build a ``Runtime`` from and a ``Counter``:

* SQLite: every connection opened meanwhile (``sqlite3.connect``) reports each statement it
  runs (``set_trace_callback``), BEGIN and COMMIT included; a statement is a round trip.
* PostgreSQL: the settings point at a small TCP relay in front of the server that reads the
  client's side of the wire protocol: a simple query (``Q``) or an ``Execute`` (``E``) is a
  statement, and every burst the client sends after the server answered is a round trip (so
  statements pipelined together count once).

Counting is in-process and exact; it measures no time, so a test can pin it.
"""

from __future__ import annotations

import selectors
import socket
import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from practicerunner.config import Settings

_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104


@dataclass
class Counter:
    statements: int = 0
    round_trips: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, statements: int, round_trips: int) -> None:
        with self._lock:
            self.statements += statements
            self.round_trips += round_trips

    def reset(self) -> None:
        with self._lock:
            self.statements = self.round_trips = 0

    def snapshot(self) -> tuple[int, int]:
        with self._lock:
            return self.statements, self.round_trips


@contextmanager
def counting(settings: Settings) -> Iterator[tuple[Settings, Counter]]:
    counter = Counter()
    if settings.is_postgres:
        with _Relay(settings.database_url, counter) as url:
            yield _with_url(settings, url), counter
        return
    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = original(*args, **kwargs)
        conn.set_trace_callback(lambda _sql: counter.add(1, 1))
        return conn

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield settings, counter
    finally:
        sqlite3.connect = original


def _with_url(settings: Settings, url: str) -> Settings:
    from dataclasses import replace

    return replace(settings, database_url=url)


class _Relay:
    """A TCP relay to PostgreSQL that counts what the client sends (plaintext only: it answers
    an SSL or GSS encryption request with "no" itself)."""

    def __init__(self, url: str, counter: Counter) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.url_parts = parts
        self.counter = counter
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def __enter__(self) -> str:
        accept = threading.Thread(target=self._accept, daemon=True, name="sql-count-relay")
        accept.start()
        self.threads.append(accept)
        port = self.listener.getsockname()[1]
        netloc = self.url_parts.netloc.rsplit("@", 1)
        host = f"127.0.0.1:{port}"
        netloc_new = f"{netloc[0]}@{host}" if len(netloc) == 2 else host
        return urlunsplit(self.url_parts._replace(netloc=netloc_new))

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = socket.create_connection(self.target)
        server.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pending = b""
        started = False
        answered = True  # the server spoke since the client last did
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, "client")
        selector.register(server, selectors.EVENT_READ, "server")
        try:
            while not self.stop.is_set():
                for key, _ in selector.select(timeout=0.5):
                    sock: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = sock.recv(65536)
                    if not data:
                        return
                    if key.data == "server":
                        answered = True
                        client.sendall(data)
                        continue
                    pending += data
                    if not started:
                        if len(pending) < 8:
                            continue
                        length, code = struct.unpack("!ii", pending[:8])
                        if code in (_SSL_REQUEST, _GSSENC_REQUEST):
                            pending = pending[8:]
                            client.sendall(b"N")
                            continue
                        if len(pending) < length:
                            continue
                        server.sendall(pending[:length])
                        pending = pending[length:]
                        started = True
                        answered = True
                        if not pending:
                            continue
                    statements, used = _count_messages(pending)
                    if used:
                        if answered:
                            self.counter.add(statements, 1)
                            answered = False
                        else:
                            self.counter.add(statements, 0)
                        server.sendall(pending[:used])
                        pending = pending[used:]
        except OSError:
            return
        finally:
            selector.close()
            client.close()
            server.close()


def _count_messages(buffer: bytes) -> tuple[int, int]:
    """Statements among the whole messages at the start of ``buffer``; bytes they take."""
    statements = used = 0
    while len(buffer) - used >= 5:
        kind = buffer[used : used + 1]
        (length,) = struct.unpack("!i", buffer[used + 1 : used + 5])
        if len(buffer) - used < 1 + length:
            break
        if kind in (b"Q", b"E"):
            statements += 1
        used += 1 + length
    return statements, used
