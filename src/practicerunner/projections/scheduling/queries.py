"""The scheduling and clients read models as one query object for the API: people, cases,
case-level reach and the schedule (see ``clients.queries``, ``clients.reach`` and
``scheduling.schedule_queries``), plus what the portal resolver needs."""

from __future__ import annotations

from typing import Any

from practicerunner.projections.reading import marks
from practicerunner.projections.scheduling.schedule_queries import (
    CANCELLED,
    Direction,
    ScheduleQueries,
    View,
    window,
)

__all__ = ["CANCELLED", "Direction", "SchedulingReadModels", "View", "window"]


class SchedulingReadModels(ScheduleQueries):
    def portal_links(self, practice_id: str, person_id: str) -> dict[str, Any]:
        """What the portal resolver needs about one person: the cases they take part in or
        pay for, and the people they help (with those people's cases)."""
        pattern = f'%"{person_id}"%'
        with self.db.read() as tx:
            c = self.engine.tables(tx, "cases")
            case_ids = {
                r[0]
                for r in tx.fetchall(
                    f"SELECT case_id FROM {c['case_participants']} WHERE practice_id = %s "
                    "AND person_id = %s AND left_on IS NULL "
                    f"UNION SELECT case_id FROM {c['cases']} WHERE practice_id = %s "
                    "AND (billing_contact_id = %s OR participant_billing_contacts LIKE %s)",
                    [practice_id, person_id, practice_id, person_id, pattern],
                )
            }
            helped = self.reader.select(
                tx, "people", "people",
                "practice_id = %s AND (helpers LIKE %s OR verified_representatives LIKE %s)",
                [practice_id, pattern, pattern],
            )  # fmt: skip
            helped_ids = [h["person_id"] for h in helped]
            if helped_ids:
                case_ids |= {
                    r[0]
                    for r in tx.fetchall(
                        f"SELECT case_id FROM {c['case_participants']} "
                        f"WHERE person_id IN ({marks(helped_ids)}) AND left_on IS NULL",
                        helped_ids,
                    )
                }
            cases = []
            for case_id in sorted(case_ids):
                rows = self.reader.select(tx, "cases", "cases", "case_id = %s", [case_id])
                parts = self.reader.select(
                    tx, "cases", "case_participants", "case_id = %s AND left_on IS NULL",
                    [case_id],
                )  # fmt: skip
                if rows:
                    cases.append({**rows[0], "participant_ids": [p["person_id"] for p in parts]})
        return {"cases": cases, "helped": {h["person_id"]: h for h in helped}}
