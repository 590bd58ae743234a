"""Stripe's Idempotency-Key semantics, per API key: the first answer to a key is stored and
replayed for the same parameters; other parameters are refused (400); a second request while
the first is still running is refused (409)."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: dict[str, Any]


class InFlight(Exception):
    pass


class ParametersDiffer(Exception):
    pass


class IdempotencyStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str], tuple[str, StoredAnswer | None]] = {}

    @staticmethod
    def fingerprint(method: str, path: str, params: dict[str, Any]) -> str:
        raw = json.dumps([method, path, params], sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()

    def begin(self, scope: str, key: str, fingerprint: str) -> StoredAnswer | None:
        """The stored answer to replay, or None after claiming the key for a first run."""
        with self._lock:
            found = self._answers.get((scope, key))
            if found is None:
                self._answers[(scope, key)] = (fingerprint, None)
                return None
            stored_fingerprint, answer = found
            if stored_fingerprint != fingerprint:
                raise ParametersDiffer
            if answer is None:
                raise InFlight
            return answer

    def finish(self, scope: str, key: str, answer: StoredAnswer) -> None:
        with self._lock:
            fingerprint, _ = self._answers[(scope, key)]
            self._answers[(scope, key)] = (fingerprint, answer)

    def forget(self, scope: str, key: str) -> None:
        """Validation failures are not stored (as at Stripe): the key may be used again."""
        with self._lock:
            self._answers.pop((scope, key), None)
