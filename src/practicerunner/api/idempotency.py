"""``Idempotency-Key`` on POST: a retried request gets the first answer and records nothing twice.

The first request with a key reserves it (a unique row), runs, and stores its answer. A retry
with the same key and the same request replays that answer; with a different request it is
refused (422); while the first is still running it gets 409. Keys are scoped to the caller's
credentials, so one client can never replay another's answer. Server errors release the key.

What is kept is not a second copy of anyone's secrets:

* Sign-in ceremonies and routes that hand out a credential (a session, recovery codes, a
  one-time link, a feed token) refuse an ``Idempotency-Key`` outright: replaying such an
  answer would hand a live credential to whoever repeats the request, and a ceremony is
  already single-use through its challenge. Any other answer that sets a cookie or is marked
  ``Cache-Control: no-store`` is not kept either: a retry is told it was withheld.
* The stored answer is sealed with the cipher key, the scope and key are keyed hashes, and
  an answer expires 24 hours after it was recorded (by the runtime's clock).
* The fingerprint covers the method, path, query, body and the headers that change the
  outcome (``If-Match``, ``Content-Type``), so a retry with another expected version is a
  different request.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import timedelta
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from practicerunner.adapters.clock import Clock, SystemClock
from practicerunner.adapters.readstore import ReadStore

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS idempotent_answers (
    scope TEXT NOT NULL, idem_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER, withheld INTEGER NOT NULL DEFAULT 0, answer TEXT,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    PRIMARY KEY (scope, idem_key))""",
    "CREATE INDEX IF NOT EXISTS idempotent_answers_expiry ON idempotent_answers (expires_at)",
    # Answers kept before sealing held plaintext (and live sessions): never read them again.
    "DROP TABLE IF EXISTS idempotency_keys",
]

REPLAYED_HEADER = b"idempotent-replayed"
LIFETIME = timedelta(hours=24)
FINGERPRINT_HEADERS = (b"if-match", b"content-type")
# Paths whose answers carry a live credential: a stored copy would be a second key to it.
SECRET_BEARING = (
    "/auth/",
    "/portal/sign-in/",
    "/portal/passkeys/",
    "/calendar-feeds/issue",
)
PROBLEMS = "https://practicerunner.org/problems"


def _problem(status: int, code: str, title: str, detail: str) -> tuple[int, bytes]:
    body = {"type": f"{PROBLEMS}/{code}", "title": title, "status": status, "detail": detail}
    return status, json.dumps(body).encode()


def carries_secrets(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in SECRET_BEARING)


def _withholds(headers: list[tuple[bytes, bytes]]) -> bool:
    """An answer that sets a cookie or forbids caching must not be kept for replay."""
    for k, v in headers:
        name = k.lower()
        if name == b"set-cookie" or (name == b"cache-control" and b"no-store" in v.lower()):
            return True
    return False


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, db: ReadStore, clock: Clock | None = None) -> None:
        self.app = app
        self.db = db
        self.clock = clock or SystemClock()
        with db.transaction() as tx:
            for statement in SCHEMA:
                tx.execute(statement)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = headers.get(b"idempotency-key")
        if not key:
            await self.app(scope, receive, send)
            return
        if carries_secrets(scope["path"]):
            await self._send(
                send,
                *_problem(
                    400,
                    "idempotency-key-not-accepted",
                    "Idempotency-Key not accepted here",
                    "This request hands out a credential, which is never kept for replay. "
                    "Send it without an Idempotency-Key; each attempt is a new ceremony.",
                ),
            )
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
        sealer = self.db.sealer
        credential = headers.get(b"authorization", b"") + b"\n" + headers.get(b"cookie", b"")
        key_scope = sealer.blind("idempotency-scope", credential.decode("latin-1"))
        idem_key = sealer.blind("idempotency-key", key.decode("latin-1"))
        fingerprint = self._fingerprint(scope, headers, body)

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

    @staticmethod
    def _fingerprint(scope: Scope, headers: dict[bytes, bytes], body: bytes) -> str:
        digest = hashlib.sha256()
        for part in (
            scope["method"].encode(),
            scope["path"].encode(),
            scope.get("query_string", b""),
            *(headers.get(name, b"") for name in FINGERPRINT_HEADERS),
            body,
        ):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def _reserve(self, scope: str, key: str, fingerprint: str) -> tuple[Any, ...] | None:
        now = self.clock.now()
        with self.db.transaction() as tx:
            # Expired answers are gone: the key starts afresh (and old rows are swept).
            tx.execute("DELETE FROM idempotent_answers WHERE expires_at <= %s", (now.isoformat(),))
            inserted = tx.execute(
                "INSERT INTO idempotent_answers (scope, idem_key, fingerprint, created_at, "
                "expires_at) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (scope, idem_key) DO NOTHING",
                (scope, key, fingerprint, now.isoformat(), (now + LIFETIME).isoformat()),
            )
            if inserted == 1:
                return None
            return tx.fetchone(
                "SELECT fingerprint, status, withheld, answer FROM idempotent_answers "
                "WHERE scope = %s AND idem_key = %s",
                (scope, key),
            )

    def _complete(self, scope: str, key: str, captured: dict[str, Any]) -> None:
        status = int(captured["status"])
        with self.db.transaction() as tx:
            if status >= 500 or status in (401, 403, 429):
                tx.execute(
                    "DELETE FROM idempotent_answers WHERE scope = %s AND idem_key = %s",
                    (scope, key),
                )
                return
            if _withholds(captured["headers"]):
                tx.execute(
                    "UPDATE idempotent_answers SET status = %s, withheld = 1 "
                    "WHERE scope = %s AND idem_key = %s",
                    (status, scope, key),
                )
                return
            kept = [
                [k.decode("latin-1"), v.decode("latin-1")]
                for k, v in captured["headers"]
                if k.lower() in (b"content-type", b"location", b"etag")
            ]
            answer = json.dumps(
                {"headers": kept, "body": captured["body"].decode("utf-8", "replace")}
            )
            tx.execute(
                "UPDATE idempotent_answers SET status = %s, answer = %s "
                "WHERE scope = %s AND idem_key = %s",
                (status, self.db.sealer.seal(answer), scope, key),
            )

    async def _answer_retry(self, send: Send, stored: tuple[Any, ...], fingerprint: str) -> None:
        stored_fingerprint, status, withheld, answer = stored
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
        elif withheld:
            await self._send(
                send,
                *_problem(
                    409,
                    "idempotent-answer-withheld",
                    "Answer not kept",
                    "The request with this Idempotency-Key succeeded, but its answer carried "
                    "a credential and was not kept. It is not repeated.",
                ),
            )
        else:
            kept = json.loads(self.db.sealer.unseal(answer))
            pairs = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in kept["headers"]]
            await self._send(send, status, kept["body"].encode(), pairs, replayed=True)

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
