"""``Idempotency-Key`` on POST: a retried request gets the first answer and records nothing twice.

The first request with a key reserves it (a unique row), runs, and stores its answer. A retry
with the same key and the same body replays that answer; with a different body it is refused
(422); while the first is still running it gets 409. Keys are scoped to the caller's
credentials, so one client can never replay another's answer. Server errors release the key.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from practicerunner.adapters.readstore import ReadStore

SCHEMA = """CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope TEXT NOT NULL, idem_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER, headers TEXT, body TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (scope, idem_key))"""

REPLAYED_HEADER = b"idempotent-replayed"


def _problem(status: int, code: str, title: str, detail: str) -> tuple[int, bytes]:
    body = {
        "type": f"https://practicerunner.org/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return status, json.dumps(body).encode()


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, db: ReadStore) -> None:
        self.app = app
        self.db = db
        with db.transaction() as tx:
            tx.execute(SCHEMA)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = headers.get(b"idempotency-key")
        if not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 255:
            await self._send(
                send,
                *_problem(
                    422,
                    "validation-error",
                    "Idempotency-Key too long",
                    "An Idempotency-Key is at most 255 characters.",
                ),
            )
            return
        body = await _read_body(receive)
        credential = headers.get(b"authorization", b"") + headers.get(b"cookie", b"")
        key_scope = hashlib.sha256(credential).hexdigest()
        fingerprint = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        idem_key = key.decode("latin-1")

        stored = await asyncio.to_thread(self._reserve, key_scope, idem_key, fingerprint)
        if stored is not None:
            await self._answer_retry(send, stored, fingerprint)
            return

        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def replay_body() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            await asyncio.to_thread(self._complete, key_scope, idem_key, captured)

    def _reserve(self, scope: str, key: str, fingerprint: str) -> tuple[Any, ...] | None:
        with self.db.transaction() as tx:
            inserted = tx.execute(
                "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, created_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (scope, idem_key) DO NOTHING",
                (scope, key, fingerprint, datetime.now(UTC).isoformat()),
            )
            if inserted == 1:
                return None
            return tx.fetchone(
                "SELECT fingerprint, status, headers, body FROM idempotency_keys "
                "WHERE scope = %s AND idem_key = %s",
                (scope, key),
            )

    def _complete(self, scope: str, key: str, captured: dict[str, Any]) -> None:
        status = int(captured["status"])
        with self.db.transaction() as tx:
            if status >= 500 or status in (401, 403, 429):
                tx.execute(
                    "DELETE FROM idempotency_keys WHERE scope = %s AND idem_key = %s", (scope, key)
                )
                return
            kept = [
                [k.decode("latin-1"), v.decode("latin-1")]
                for k, v in captured["headers"]
                if k.lower() in (b"content-type", b"location", b"etag")
            ]
            tx.execute(
                "UPDATE idempotency_keys SET status = %s, headers = %s, body = %s "
                "WHERE scope = %s AND idem_key = %s",
                (status, json.dumps(kept), captured["body"].decode("utf-8", "replace"), scope, key),
            )

    async def _answer_retry(self, send: Send, stored: tuple[Any, ...], fingerprint: str) -> None:
        stored_fingerprint, status, headers, body = stored
        if stored_fingerprint != fingerprint:
            await self._send(
                send,
                *_problem(
                    422,
                    "idempotency-key-reused",
                    "Idempotency-Key reused",
                    "This Idempotency-Key was used with a different request.",
                ),
            )
        elif status is None:
            await self._send(
                send,
                *_problem(
                    409,
                    "request-in-progress",
                    "Request in progress",
                    "A request with this Idempotency-Key is still being processed.",
                ),
            )
        else:
            pairs = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(headers)]
            await self._send(send, status, body.encode(), pairs, replayed=True)

    @staticmethod
    async def _send(
        send: Send,
        status: int,
        body: bytes,
        headers: list[tuple[bytes, bytes]] | None = None,
        replayed: bool = False,
    ) -> None:
        out = list(headers or [(b"content-type", b"application/problem+json")])
        out = [(k, v) for k, v in out if k.lower() != b"content-length"]
        out.append((b"content-length", str(len(body)).encode()))
        if replayed:
            out.append((REPLAYED_HEADER, b"true"))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)
