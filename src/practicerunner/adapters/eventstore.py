"""The write side's storage: one eventsourcing Application per bounded context.

Persistence is chosen only by ``PRACTICERUNNER_DATABASE_URL``: SQLite files (one per context,
since the library's SQLite tables have fixed names), PostgreSQL (one event table per context,
so writes in one context never queue behind another's table lock) or ``memory://`` (the
library's in-process POPO recorder, one per context: fast unit tests of handlers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from practicerunner.config import Settings, postgres_params
from practicerunner.domain.base import PracticeAggregate

__all__ = ["ContextApplication", "EventStores", "IntegrityError"]


class ContextApplication(Application[UUID]):
    """An application for one bounded context; aggregates may declare ``snapshot_every``."""

    aggregate_classes: Sequence[type[PracticeAggregate]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.snapshotting_intervals = {
            agg: agg.snapshot_every for agg in cls.aggregate_classes if agg.snapshot_every
        }

    def save_all(self, *aggregates: Any) -> int:
        """Saves every aggregate a command touched in one atomic write; returns the position
        (notification id) reached, for read-your-writes."""
        recordings = self.save(*aggregates)
        return max((r.notification.id for r in recordings), default=0)


def store_class(
    name: str, aggregates: Sequence[type[PracticeAggregate]]
) -> type[ContextApplication]:
    """An application class for one store (its own event table or SQLite file)."""
    attrs = {"name": name, "aggregate_classes": tuple(aggregates), "__module__": __name__}
    return type(f"{name.title()}Store", (ContextApplication,), attrs)


def application_env(settings: Settings, name: str) -> dict[str, str]:
    env: dict[str, str] = {}
    if settings.is_memory:
        # Each application constructs its own POPO recorder: stores stay apart as on disk.
        env.update(PERSISTENCE_MODULE="eventsourcing.popo")
    elif settings.is_postgres:
        pg = postgres_params(settings.database_url)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=pg["dbname"],
            POSTGRES_HOST=pg["host"],
            POSTGRES_PORT=pg["port"],
            POSTGRES_USER=pg["user"],
            POSTGRES_PASSWORD=pg["password"],
            POSTGRES_POOL_SIZE="4",
            POSTGRES_MAX_OVERFLOW="4",
            POSTGRES_CONN_MAX_AGE="600",
            POSTGRES_LOCK_TIMEOUT="5",
            POSTGRES_ENABLE_DB_FUNCTIONS="n",
            CREATE_TABLE="y",
        )
    else:
        directory = settings.sqlite_dir
        directory.mkdir(parents=True, exist_ok=True)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=str(directory / f"{name}.sqlite3"),
            SQLITE_LOCK_TIMEOUT="10",
            CREATE_TABLE="y",
        )
    # Aggregates stay cached between commands; every get still reads events recorded since
    # (by another process too), so a cached aggregate is never stale.
    env.update(AGGREGATE_CACHE_MAXSIZE="2000", AGGREGATE_CACHE_FASTFORWARD="y")
    if settings.cipher_key:
        env.update(
            CIPHER_TOPIC="eventsourcing.cryptography:AESCipher",
            CIPHER_KEY=settings.cipher_key,
            COMPRESSOR_TOPIC="eventsourcing.compressor:ZlibCompressor",
        )
    return env


class EventStores:
    """The set of context applications of one installation."""

    def __init__(
        self, settings: Settings, stores: Mapping[str, Sequence[type[PracticeAggregate]]]
    ) -> None:
        """``stores``: each store's name and the aggregates saved in it (from the contexts'
        declarations)."""
        self.settings = settings
        self.apps: dict[str, ContextApplication] = {}
        for name, aggregates in stores.items():
            cls = store_class(name, aggregates)
            # The library reads os.environ too; pass everything explicitly so that the
            # process environment can never point one context at another's storage.
            self.apps[name] = cls(env=application_env(settings, name))

    def __getitem__(self, name: str) -> ContextApplication:
        return self.apps[name]

    @property
    def practice(self) -> ContextApplication:
        return self.apps["practice"]

    @property
    def scheduling(self) -> ContextApplication:
        return self.apps["scheduling"]

    def head_positions(self) -> dict[str, int]:
        return {name: app.recorder.max_notification_id() or 0 for name, app in self.apps.items()}

    def find_aggregate(self, aggregate_id: UUID) -> tuple[str, ContextApplication] | None:
        for name, app in self.apps.items():
            if app.recorder.select_events(aggregate_id, limit=1):
                return name, app
        return None

    def close(self) -> None:
        for app in self.apps.values():
            app.close()
