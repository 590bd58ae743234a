"""The fake's webhook sender: signs each delivery like Stripe (``Stripe-Signature:
t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``) and posts it to ``target``.

``target`` is a URL, or a callable ``(body, headers) -> status`` (an in-process app in tests).
Immediate mode (the default) delivers each event in a background thread as it happens, and
tries again later (``retry_after`` seconds, as Stripe retries) when the receiver did not answer
2xx; a test
calls ``hold()`` and later ``release(copies=3, shuffle=True)`` to deliver late, more than once
and out of order, and reads ``deliveries``. ``deliver(event, signature=...)`` sends one event
with any signature (a forged one, say; ``""`` for none)."""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Target = str | Callable[[bytes, dict[str, str]], int]


@dataclass(frozen=True)
class Delivery:
    event_id: str
    event_type: str
    status: int  # the receiver's HTTP status; 0 when it could not be reached


def signature_header(body: bytes, secret: str, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


class WebhookSender:
    def __init__(
        self,
        secret: str,
        target: Target | None = None,
        retry_after: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0),
    ) -> None:
        self.secret = secret
        self.target = target
        self.retry_after = retry_after
        self.deliveries: list[Delivery] = []
        self._held: list[dict[str, Any]] | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[dict[str, Any], int]] = queue.Queue()
        self._thread: threading.Thread | None = None

    def hold(self) -> None:
        """Keep events back until ``release``."""
        with self._lock:
            if self._held is None:
                self._held = []

    def held(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._held or [])

    def release(
        self, copies: int = 1, shuffle: bool = False, seed: int | None = None
    ) -> list[Delivery]:
        """Delivers what was held, each event ``copies`` times, shuffled if asked, now and
        in this thread; later events are delivered immediately again."""
        with self._lock:
            events, self._held = list(self._held or []), None
        batch = [e for e in events for _ in range(copies)]
        if shuffle:
            random.Random(seed).shuffle(batch)
        return [self.deliver(e) for e in batch]

    def publish(self, event: dict[str, Any]) -> None:
        with self._lock:
            if self._held is not None:
                self._held.append(event)
                return
            if self.target is None:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="fake-stripe-webhooks", daemon=True
                )
                self._thread.start()
        self._queue.put((event, 0))

    def wait_idle(self) -> None:
        """Returns once every immediately published event has been tried (retries that are
        still waiting for their time are not waited for)."""
        self._queue.join()

    def deliver(self, event: dict[str, Any], signature: str | None = None) -> Delivery:
        body = json.dumps(event, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        if signature != "":  # "" sends no signature at all
            headers["Stripe-Signature"] = signature or signature_header(body, self.secret)
        status = self._post(body, headers)
        delivery = Delivery(event["id"], event["type"], status)
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def _post(self, body: bytes, headers: dict[str, str]) -> int:
        target = self.target
        if target is None:
            return 0
        if callable(target):
            return target(body, headers)
        request = urllib.request.Request(target, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as e:
            return int(e.code)
        except OSError:
            return 0

    def _run(self) -> None:
        while True:
            event, attempt = self._queue.get()
            try:
                status = self.deliver(event).status
            except Exception:  # a broken receiver must not stop later deliveries
                status = 0
            finally:
                self._queue.task_done()
            if not 200 <= status < 300 and attempt < len(self.retry_after):
                retry = threading.Timer(
                    self.retry_after[attempt], self._queue.put, ((event, attempt + 1),)
                )
                retry.daemon = True
                retry.start()
