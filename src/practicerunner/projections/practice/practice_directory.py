"""Practice directory: every practice of the installation, by id and by slug."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.domain.practice.practice import Practice
from practicerunner.domain.practice.settings import default_settings
from practicerunner.projections.batch import Batch, Table
from practicerunner.projections.engine import Projection


class PracticeDirectory(Projection):
    name = "practice_directory"
    version = 1
    # Every Practice event, so that ``version`` is the aggregate's version (for If-Match).
    handles = (
        Practice.Opened,
        Practice.Renamed,
        Practice.SlugChanged,
        Practice.TimezoneChanged,
        Practice.AddressChanged,
        Practice.BillingIdentityChanged,
        Practice.SettingsChanged,
        Practice.PlanChanged,
        Practice.SeatAssigned,
        Practice.SeatReleased,
    )
    tables = (
        Table(
            "practices",
            {
                "practice_id": "TEXT",
                "slug": "TEXT NOT NULL",
                "name": "TEXT NOT NULL",
                "timezone": "TEXT NOT NULL",
                "plan": "TEXT NOT NULL",
                "owner_id": "TEXT",
                "address": "TEXT",
                "billing_identity": "TEXT",
                "settings": "TEXT",
                "version": "INTEGER NOT NULL",
                "opened_at": "TEXT",
                "updated_at": "TEXT",
            },
            key=("practice_id",),
            indexes=(("slug",),),
        ),
    )

    def apply(self, batch: Batch, event: Any, upstream: str) -> None:
        key = {"practice_id": str(event.originator_id)}
        common = {"version": event.originator_version, "updated_at": event.timestamp.isoformat()}
        if isinstance(event, Practice.Opened):
            batch.upsert(
                "practices",
                key,
                slug=event.slug,
                name=batch.seal(event.name),
                timezone=event.timezone,
                plan=event.plan,
                owner_id=event.owner_id,
                address=None,
                billing_identity=batch.seal(json.dumps({"legal_name": event.name})),
                settings=json.dumps(default_settings()),
                opened_at=event.timestamp.isoformat(),
                **common,
            )
        elif isinstance(event, Practice.Renamed):
            batch.update("practices", key, name=batch.seal(event.name), **common)
        elif isinstance(event, Practice.SlugChanged):
            batch.update("practices", key, slug=event.slug, **common)
        elif isinstance(event, Practice.TimezoneChanged):
            batch.update("practices", key, timezone=event.timezone, **common)
        elif isinstance(event, Practice.AddressChanged):
            batch.update("practices", key, address=batch.seal(json.dumps(event.address)), **common)
        elif isinstance(event, Practice.BillingIdentityChanged):
            batch.update(
                "practices",
                key,
                billing_identity=batch.seal(json.dumps(event.billing_identity)),
                **common,
            )
        elif isinstance(event, Practice.SettingsChanged):
            row = batch.get("practices", key)
            settings = json.loads(row["settings"]) if row and row["settings"] else {}
            settings.setdefault(event.group, {}).update(event.values)
            batch.update("practices", key, settings=json.dumps(settings), **common)
        elif isinstance(event, Practice.PlanChanged):
            batch.update("practices", key, plan=event.plan, **common)
        else:
            batch.update("practices", key, **common)
