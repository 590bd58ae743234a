"""Failures a test (or the demo's control page) arms on the fake. Each fires once, on the next
request that matches (``"POST /v1/payment_intents"`` matches that path and anything under it).

* ``decline_next_charge(code)``: the next card confirmation is declined whatever the card.
* ``drop_connection_after(route)``: the request runs and its answer is stored for its
  idempotency key, then the connection is cut before the body arrives: the caller cannot
  know that the charge succeeded (a retry with the same key gets the stored answer).
* ``slow(route, seconds)``: the request runs, then the answer waits (the caller may time out);
  with ``before=True`` it waits first, holding its idempotency key, so a second request with
  the same key meanwhile is refused as in flight (409).
* ``error_before(route, status)``: a 5xx answer without running the request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Rule:
    route: str
    kind: str  # "drop", "slow", "slow_before", "error"
    seconds: float = 0.0
    status: int = 500


class Failures:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._declines: list[str] = []

    def decline_next_charge(self, decline_code: str = "generic_decline") -> None:
        with self._lock:
            self._declines.append(decline_code)

    def drop_connection_after(self, route: str = "POST /v1/payment_intents") -> None:
        self._arm(Rule(route, "drop"))

    def slow(self, route: str, seconds: float, before: bool = False) -> None:
        self._arm(Rule(route, "slow_before" if before else "slow", seconds=seconds))

    def error_before(self, route: str, status: int = 500) -> None:
        self._arm(Rule(route, "error", status=status))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._declines.clear()

    def _arm(self, rule: Rule) -> None:
        path = rule.route.partition(" ")[2]
        if not path.startswith("/"):
            raise ValueError('a route is "METHOD /path", e.g. "POST /v1/payment_intents"')
        with self._lock:
            self._rules.append(rule)

    def take(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self._rules:
                rule_method, _, prefix = rule.route.partition(" ")
                if rule_method == method and (path == prefix or path.startswith(prefix + "/")):
                    self._rules.remove(rule)
                    return rule
        return None

    def take_decline(self) -> str | None:
        with self._lock:
            return self._declines.pop(0) if self._declines else None
