"""Bookings on one provider-day queue inside a process instead of racing.

Every command that holds or releases ``BookingDay`` guards runs through ``retry_lost_races``.
Each attempt takes an in-process lock per guard day *before* loading that day (``DayGuards``
calls ``take_day_lock``), and keeps it until the attempt has saved or failed. Two bookings
for the same provider-day in one process therefore run one after the other, and the second
sees the first's hold instead of losing the write and running again in full.

The locks only save work; they decide nothing. The store's version check still decides
between processes (and in any case the locks did not cover), and a lost race is still run
again on fresh state. So a lock that cannot be had in time is simply gone without: the
attempt goes on unlocked and the store sorts it out.

Deadlock: an attempt takes a day lock waiting only when the day sorts after every lock it
holds; otherwise it only tries. If that try fails, the attempt is abandoned before it has
written anything, and run again taking every day it has learned about in sorted order first.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from practicerunner.domain.errors import Conflict

T = TypeVar("T")
RACE_RETRIES = 8
LOCK_WAIT_SECONDS = 10.0  # then go on unlocked: the store's version check still decides
REORDER_LIMIT = 16  # restarts to take locks in order, after which an attempt runs unlocked


class _DayLock:
    __slots__ = ("__weakref__", "lock")

    def __init__(self) -> None:
        self.lock = threading.RLock()


_registry_guard = threading.Lock()
# Alive while an attempt holds or waits for it, so the registry does not grow with the days.
_registry: weakref.WeakValueDictionary[uuid.UUID, _DayLock] = weakref.WeakValueDictionary()


def _day_lock(day_id: uuid.UUID) -> _DayLock:
    with _registry_guard:
        found = _registry.get(day_id)
        if found is None:
            found = _registry[day_id] = _DayLock()
        return found


class _OutOfOrder(Exception):
    """An attempt needs a day that sorts before one it holds, and another attempt has it."""


class _AttemptLocks:
    """The day locks one attempt holds; ``known`` carries the days met in earlier attempts of
    the same command, which are taken first, in order."""

    def __init__(self, known: set[uuid.UUID], enabled: bool) -> None:
        self.known = known
        self.enabled = enabled
        self.held: dict[uuid.UUID, _DayLock] = {}
        self.highest: uuid.UUID | None = None
        if enabled:
            for day_id in sorted(known):
                self.take(day_id)

    def take(self, day_id: uuid.UUID) -> None:
        if not self.enabled or day_id in self.held:
            return
        self.known.add(day_id)
        lock = _day_lock(day_id)
        if self.highest is None or day_id > self.highest:
            if not lock.lock.acquire(timeout=LOCK_WAIT_SECONDS):
                return  # go on without it
            self.highest = day_id
        elif not lock.lock.acquire(blocking=False):
            raise _OutOfOrder
        self.held[day_id] = lock

    def release(self) -> None:
        for lock in self.held.values():
            lock.lock.release()
        self.held.clear()


class _Counter:
    def __init__(self) -> None:
        self.value = 0
        self.guard = threading.Lock()

    def add(self) -> None:
        with self.guard:
            self.value += 1


_lost = _Counter()


def lost_races() -> int:
    """How many attempts in this process have lost a write race so far (and were run again)."""
    return _lost.value


_current: ContextVar[_AttemptLocks | None] = ContextVar("booking_day_locks", default=None)


def take_day_lock(day_id: uuid.UUID) -> None:
    """Called before a ``BookingDay`` is loaded; a no-op outside ``retry_lost_races``."""
    attempt = _current.get()
    if attempt is not None:
        attempt.take(day_id)


def _attempt(run: Callable[[], T], known: set[uuid.UUID], locked: bool) -> T:
    locks = _AttemptLocks(known, locked)
    token = _current.set(locks)
    try:
        return run()
    finally:
        _current.reset(token)
        locks.release()


def retry_lost_races(run: Callable[[], T]) -> T:
    """Runs a command holding its provider- and room-day locks (see the module), and again
    when its write lost a race (a plain Conflict from ``save``): the rerun sees the winner's
    state and decides afresh. A short random pause spreads out writers that keep colliding on
    one busy day (across processes, where the locks do not reach)."""
    known: set[uuid.UUID] = set()
    races = reorders = 0
    while True:
        try:
            return _attempt(run, known, locked=reorders < REORDER_LIMIT)
        except _OutOfOrder:
            reorders += 1
        except Conflict as e:
            if type(e) is not Conflict:
                raise
            _lost.add()
            if races >= RACE_RETRIES - 1:
                raise
            races += 1
            time.sleep(random.uniform(0, 0.005 * races))
