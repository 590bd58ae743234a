"""Queries over the people, cases and schedule read models: plain SQL on the active
generation's tables, keyset-paginated, shaped for the API."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from practicerunner.adapters.readstore import Transaction
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.scheduling.appointments import MAX_DURATION
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.paging import Page, decode_cursor, encode_cursor
from practicerunner.projections.scheduling.schedule import ts

View = Literal["day", "week", "month"]
Direction = Literal["upcoming", "past"]
JSON_COLUMNS = {
    "emails",
    "phones",
    "address",
    "insurance",
    "relationships",
    "helpers",
    "verified_representatives",
    "participant_billing_contacts",
    "provider_ids",
    "participant_statuses",
    "diagnoses",
    "planned_absences",
    "attendance",
    "skipped",
}
BOOL_COLUMNS = {"reminders_opted_out", "late", "ended"}
CANCELLED = ("cancelled_by_practice", "planned_absence", "cancelled_by_client", "late_cancelled")


def window(view: View, day: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC bounds of the practice-local day, week (Monday first) or month holding ``day``."""
    zone = ZoneInfo(timezone)
    if view == "day":
        first, last = day, day + timedelta(days=1)
    elif view == "week":
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, time(), zone).astimezone(UTC),
        datetime.combine(last, time(), zone).astimezone(UTC),
    )


def _shape(columns: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col, value in zip(columns, row, strict=True):
        if col in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif col in BOOL_COLUMNS and value is not None:
            value = bool(value)
        out[col] = value
    return out


def _keyset(
    columns: tuple[str, ...], after: list[Any] | None, descending: bool
) -> tuple[str, list[Any]]:
    if after is None:
        return "", []
    op = "<" if descending else ">"
    clauses, params = [], []
    for i, col in enumerate(columns):
        eq = [f"{c} = %s" for c in columns[:i]]
        clauses.append("(" + " AND ".join([*eq, f"{col} {op} %s"]) + ")")
        params.extend([*after[:i], after[i]])
    return "(" + " OR ".join(clauses) + ")", params


class SchedulingReadModels:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db

    def _columns(self, projection: str, table: str) -> list[str]:
        for t in self.engine.projections[projection].tables:
            if t.name == table:
                return list(t.columns)
        raise KeyError(table)

    def _select(
        self,
        tx: Transaction,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        tail: str = "",
        alias: str = "",
    ) -> list[dict[str, Any]]:
        physical = self.engine.tables(tx, projection)[table]
        cols = self._columns(projection, table)
        prefix = f"{alias}." if alias else ""
        rows = tx.fetchall(
            f"SELECT {', '.join(prefix + c for c in cols)} FROM {physical} {alias} "
            f"WHERE {where} {tail}",
            params,
        )
        return [_shape(cols, r) for r in rows]

    def _page(
        self,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        sort: tuple[str, ...],
        limit: int,
        cursor: str | None,
        descending: bool = False,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page in keyset order; columns in ``where`` and ``sort`` use the alias ``t``."""
        keyset, keyset_params = _keyset(sort, decode_cursor(cursor, len(sort)), descending)
        clause = f"{where} AND {keyset}" if keyset else where
        order = ", ".join(f"{c} {'DESC' if descending else 'ASC'}" for c in sort)
        with self.db.read() as tx:
            rows = self._select(
                tx, projection, table, clause, [*params, *keyset_params, limit + 1],
                f"ORDER BY {order} LIMIT %s", alias="t",
            )  # fmt: skip
        if len(rows) > limit:
            rows = rows[:limit]
            return rows, encode_cursor([rows[-1][c.split(".")[-1]] for c in sort])
        return rows, None

    # -- case-level access ----------------------------------------------------------------

    def _reach(self, tx: Transaction, practice_id: str, clinician_id: str) -> tuple[str, list[Any]]:
        """A subquery of the ids of the cases a clinician serves (assigned, or provider of one
        of its appointments) or supervises (case supervisor, an appointment's supervising
        clinician, or default supervisor of an associate who serves it)."""
        c = self.engine.tables(tx, "cases")
        a = self.engine.tables(tx, "schedule")["appointments"]
        staff = self.engine.tables(tx, "staff")["staff"]
        sql = (
            f"SELECT case_id FROM {c['case_providers']} WHERE practice_id = %s "
            "AND provider_id = %s "
            f"UNION SELECT case_id FROM {c['cases']} WHERE practice_id = %s AND supervisor_id = %s "
            f"UNION SELECT case_id FROM {a} WHERE practice_id = %s "
            "AND (provider_id = %s OR supervisor_id = %s) "
            f"UNION SELECT cp.case_id FROM {c['case_providers']} cp JOIN {staff} sm "
            "ON sm.staff_id = cp.provider_id WHERE cp.practice_id = %s "
            "AND sm.default_supervisor_id = %s "
            f"UNION SELECT ap.case_id FROM {a} ap JOIN {staff} sm ON sm.staff_id = ap.provider_id "
            "WHERE ap.practice_id = %s AND sm.default_supervisor_id = %s"
        )
        p, x = practice_id, clinician_id
        return sql, [p, x, p, x, p, x, x, p, x, p, x]

    def reach_clause(
        self, practice_id: str, clinician_id: str | None, column: str = "t.case_id"
    ) -> tuple[str, list[Any]]:
        """`` AND <column> IN (cases the clinician reaches)``; nothing for None (no narrowing)."""
        if clinician_id is None:
            return "", []
        with self.db.read() as tx:
            sql, params = self._reach(tx, practice_id, clinician_id)
        return f" AND {column} IN ({sql})", params

    def people_reach_clause(
        self, practice_id: str, clinician_id: str | None
    ) -> tuple[str, list[Any]]:
        """People a clinician may see: those taking part in (or paying for) a case they
        reach, and people in no case at all yet (enquiries, contacts)."""
        if clinician_id is None:
            return "", []
        with self.db.read() as tx:
            sql, params = self._reach(tx, practice_id, clinician_id)
            c = self.engine.tables(tx, "cases")
        clause = (
            f" AND (NOT EXISTS (SELECT 1 FROM {c['case_participants']} pp "
            "WHERE pp.person_id = t.person_id) "
            f"OR t.person_id IN (SELECT person_id FROM {c['case_participants']} "
            f"WHERE case_id IN ({sql})) "
            f"OR t.person_id IN (SELECT billing_contact_id FROM {c['cases']} "
            f"WHERE billing_contact_id IS NOT NULL AND case_id IN ({sql})))"
        )
        return clause, [*params, *params]

    def case_team(self, practice_id: str, case_id: str) -> tuple[set[str], set[str]] | None:
        """(providers, supervisors) of a case from the read models, None for no such case:
        assigned providers and appointment providers serve it; the case supervisor,
        appointments' supervising clinicians and the default supervisors of associates who
        serve it supervise it."""
        with self.db.read() as tx:
            rows = self._select(
                tx, "cases", "cases", "practice_id = %s AND case_id = %s", [practice_id, case_id]
            )
            if not rows:
                return None
            providers = set(rows[0]["provider_ids"])
            supervisors = {rows[0]["supervisor_id"]} - {None}
            a = self.engine.tables(tx, "schedule")["appointments"]
            for provider_id, supervisor_id in tx.fetchall(
                f"SELECT DISTINCT provider_id, supervisor_id FROM {a} WHERE case_id = %s",
                [case_id],
            ):
                providers.add(provider_id)
                if supervisor_id:
                    supervisors.add(supervisor_id)
            supervisors |= self.default_supervisors(tx, providers)
        return providers, supervisors

    def default_supervisors(self, tx: Transaction, staff_ids: set[str]) -> set[str]:
        if not staff_ids:
            return set()
        staff = self.engine.tables(tx, "staff")["staff"]
        marks = ", ".join("%s" for _ in staff_ids)
        found = tx.fetchall(
            f"SELECT default_supervisor_id FROM {staff} WHERE staff_id IN ({marks}) "
            "AND default_supervisor_id IS NOT NULL",
            sorted(staff_ids),
        )
        return {r[0] for r in found}

    def person_reachable(self, practice_id: str, person_id: str, clinician_id: str) -> bool:
        clause, params = self.people_reach_clause(practice_id, clinician_id)
        with self.db.read() as tx:
            row = tx.fetchone(
                f"SELECT 1 FROM (SELECT CAST(%s AS TEXT) AS person_id) t WHERE 1 = 1{clause}",
                [person_id, *params],
            )
        return row is not None

    # -- the portal -----------------------------------------------------------------------

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
            helped = self._select(
                tx, "people", "people",
                "practice_id = %s AND (helpers LIKE %s OR verified_representatives LIKE %s)",
                [practice_id, pattern, pattern],
            )  # fmt: skip
            helped_ids = [h["person_id"] for h in helped]
            if helped_ids:
                marks = ", ".join("%s" for _ in helped_ids)
                case_ids |= {
                    r[0]
                    for r in tx.fetchall(
                        f"SELECT case_id FROM {c['case_participants']} "
                        f"WHERE person_id IN ({marks}) AND left_on IS NULL",
                        helped_ids,
                    )
                }
            cases = []
            for case_id in sorted(case_ids):
                rows = self._select(tx, "cases", "cases", "case_id = %s", [case_id])
                parts = self._select(
                    tx, "cases", "case_participants", "case_id = %s AND left_on IS NULL",
                    [case_id],
                )  # fmt: skip
                if rows:
                    cases.append({**rows[0], "participant_ids": [p["person_id"] for p in parts]})
        return {"cases": cases, "helped": {h["person_id"]: h for h in helped}}

    def appointments_of_cases(
        self, practice_id: str, case_ids: list[str], timezone: str, now: datetime, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Upcoming appointments (not superseded) of the given cases, soonest first."""
        if not case_ids:
            return []
        marks = ", ".join("%s" for _ in case_ids)
        rows, _ = self._page(
            "schedule", "appointments",
            f"t.practice_id = %s AND t.case_id IN ({marks}) AND t.status <> 'superseded' "
            "AND t.ends_at > %s",
            [practice_id, *case_ids, ts(now)], ("t.starts_at", "t.appointment_id"), limit, None,
        )  # fmt: skip
        with self.db.read() as tx:
            self._enrich(tx, rows, timezone)
        return rows

    # -- people ---------------------------------------------------------------------------

    def person(self, practice_id: str, person_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self._select(
                tx, "people", "people", "practice_id = %s AND person_id = %s",
                [practice_id, person_id],
            )  # fmt: skip
        return rows[0] if rows else None

    def people(
        self,
        practice_id: str,
        *,
        status: str | None = None,
        contact_type: str | None = None,
        name: str | None = None,
        clinician_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """``clinician_id`` narrows the list to the people that clinician may see."""
        where, params = "t.practice_id = %s", [practice_id]
        reach, reach_params = self.people_reach_clause(practice_id, clinician_id)
        where += reach
        params.extend(reach_params)
        if status:
            where += " AND t.status = %s"
            params.append(status)
        if contact_type:
            where += " AND t.contact_type = %s"
            params.append(contact_type)
        if name:
            where += " AND t.sort_name LIKE %s"
            params.append(name.lower().replace("%", "").replace("_", "") + "%")
        rows, next_cursor = self._page(
            "people", "people", where, params, ("t.sort_name", "t.person_id"), limit, cursor,
        )  # fmt: skip
        return Page(rows, next_cursor)

    def names(self, tx: Transaction, person_ids: list[str]) -> dict[str, dict[str, Any]]:
        if not person_ids:
            return {}
        marks = ", ".join("%s" for _ in person_ids)
        rows = self._select(tx, "people", "people", f"person_id IN ({marks})", list(person_ids))
        return {r["person_id"]: r for r in rows}

    # -- cases ----------------------------------------------------------------------------

    def case(self, practice_id: str, case_id: str) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self._select(
                tx, "cases", "cases", "practice_id = %s AND case_id = %s", [practice_id, case_id]
            )
            if not rows:
                return None
            case = rows[0]
            participants = self._select(
                tx, "cases", "case_participants", "case_id = %s", [case_id], "ORDER BY joined_on"
            )
            people = self.names(tx, [p["person_id"] for p in participants])
        return self._case_view(case, participants, people)

    @staticmethod
    def _case_view(
        case: dict[str, Any], participants: list[dict[str, Any]], people: dict[str, Any]
    ) -> dict[str, Any]:
        kind = CaseKind(case["kind"])
        case["kind_label"] = kind.label
        case["features"] = sorted(kind.features)
        case["participants"] = [
            {
                "person_id": p["person_id"],
                "display_name": people.get(p["person_id"], {}).get("display_name"),
                "joined_on": p["joined_on"],
                "left_on": p["left_on"],
                "billing_contact_id": case["participant_billing_contacts"].get(p["person_id"]),
                "status": case["participant_statuses"].get(p["person_id"]),
            }
            for p in participants
        ]
        return case

    def cases(
        self,
        practice_id: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        person_id: str | None = None,
        provider_id: str | None = None,
        clinician_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """``clinician_id`` narrows the list to the cases that clinician serves or supervises."""
        where, params = "t.practice_id = %s", [practice_id]
        reach, reach_params = self.reach_clause(practice_id, clinician_id)
        where += reach
        params.extend(reach_params)
        with self.db.read() as tx:
            tables = self.engine.tables(tx, "cases")
        if kind:
            where += " AND t.kind = %s"
            params.append(kind)
        if status:
            where += " AND t.status = %s"
            params.append(status)
        if person_id:
            where += (
                f" AND t.case_id IN (SELECT case_id FROM {tables['case_participants']} "
                "WHERE person_id = %s)"
            )
            params.append(person_id)
        if provider_id:
            where += (
                f" AND t.case_id IN (SELECT case_id FROM {tables['case_providers']} "
                "WHERE provider_id = %s)"
            )
            params.append(provider_id)
        rows, next_cursor = self._page(
            "cases", "cases", where, params, ("t.opened_at", "t.case_id"), limit, cursor
        )
        with self.db.read() as tx:
            shaped = []
            for case in rows:
                participants = self._select(
                    tx, "cases", "case_participants", "case_id = %s", [case["case_id"]],
                    "ORDER BY joined_on",
                )  # fmt: skip
                people = self.names(tx, [p["person_id"] for p in participants])
                shaped.append(self._case_view(case, participants, people))
        return Page(shaped, next_cursor)

    # -- the schedule ---------------------------------------------------------------------

    def _enrich(self, tx: Transaction, rows: list[dict[str, Any]], timezone: str) -> None:
        """Adds the case label (participants' names), the kind label, the provider's name and
        local times to appointment rows."""
        zone = ZoneInfo(timezone)
        case_ids = sorted({r["case_id"] for r in rows})
        members: dict[str, list[str]] = {}
        if case_ids:
            marks = ", ".join("%s" for _ in case_ids)
            parts = self._select(
                tx, "schedule", "schedule_participants", f"case_id IN ({marks})", case_ids,
                "ORDER BY joined_on, person_id",
            )  # fmt: skip
            people = self.names(tx, [p["person_id"] for p in parts])
            for p in parts:
                if p["left_on"] is None:
                    name = people.get(p["person_id"], {}).get("display_name") or "?"
                    members.setdefault(p["case_id"], []).append(name)
        provider_ids = sorted({r["provider_id"] for r in rows})
        staff: dict[str, str] = {}
        if provider_ids:
            physical = self.engine.tables(tx, "staff")["staff"]
            marks = ", ".join("%s" for _ in provider_ids)
            for sid, given, family in tx.fetchall(
                f"SELECT staff_id, given_name, family_name FROM {physical} "
                f"WHERE staff_id IN ({marks})",
                provider_ids,
            ):
                staff[sid] = f"{given} {family}"
        for r in rows:
            kind = CaseKind(r["case_kind"])
            r["case_kind_label"] = kind.label
            names = members.get(r["case_id"], [])
            r["participant_names"] = names
            r["case_label"] = (
                " & ".join(names) if len(names) <= 3 else f"{kind.label} ({len(names)})"
            )
            r["provider_name"] = staff.get(r["provider_id"])
            r["starts_local"] = datetime.fromisoformat(r["starts_at"]).astimezone(zone).isoformat()
            r["ends_local"] = datetime.fromisoformat(r["ends_at"]).astimezone(zone).isoformat()

    def schedule(
        self,
        practice_id: str,
        timezone: str,
        start: datetime,
        end: datetime,
        *,
        provider_id: str | None = None,
        location_id: str | None = None,
        room_id: str | None = None,
        include_cancelled: bool = True,
        clinician_id: str | None = None,
        limit: int = 200,
        cursor: str | None = None,
    ) -> Page:
        """Appointments overlapping ``[start, end)``, by start, for a provider, location or
        room (or the whole practice)."""
        # Starts are bounded on both sides so the (resource, starts_at) index does the work.
        # Without fresh statistics both databases may prefer the (practice_id, starts_at) index
        # and scan the whole practice's week; comparing an expression (which no index covers)
        # keeps them on the resource's index. The tenant check is the same.
        practice_column = "t.practice_id"
        if provider_id or location_id or room_id:
            practice_column = "(t.practice_id || '')"
        where = (
            f"{practice_column} = %s AND t.starts_at >= %s AND t.starts_at < %s AND t.ends_at > %s"
        )
        params: list[Any] = [practice_id, ts(start - MAX_DURATION), ts(end), ts(start)]
        for column, value in (
            ("provider_id", provider_id),
            ("location_id", location_id),
            ("room_id", room_id),
        ):
            if value:
                where += f" AND t.{column} = %s"
                params.append(value)
        where += " AND t.status <> 'superseded'"
        reach, reach_params = self.reach_clause(practice_id, clinician_id)
        where += reach
        params.extend(reach_params)
        if not include_cancelled:
            where += f" AND t.status NOT IN ({', '.join(repr(s) for s in CANCELLED)})"
        rows, next_cursor = self._page(
            "schedule", "appointments", where, params, ("t.starts_at", "t.appointment_id"),
            limit, cursor,
        )  # fmt: skip
        with self.db.read() as tx:
            self._enrich(tx, rows, timezone)
        return Page(rows, next_cursor)

    def appointment(
        self, practice_id: str, appointment_id: str, timezone: str
    ) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self._select(
                tx, "schedule", "appointments", "practice_id = %s AND appointment_id = %s",
                [practice_id, appointment_id],
            )  # fmt: skip
            self._enrich(tx, rows, timezone)
        return rows[0] if rows else None

    def case_appointments(
        self,
        practice_id: str,
        case_id: str,
        timezone: str,
        direction: Direction,
        now: datetime,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        where = "t.practice_id = %s AND t.case_id = %s AND t.status <> 'superseded'"
        return self._by_time(where, [practice_id, case_id], timezone, direction, now, limit, cursor)

    def person_appointments(
        self,
        practice_id: str,
        person_id: str,
        timezone: str,
        direction: Direction,
        now: datetime,
        clinician_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """A client's appointments across every case they take part in (while they did),
        narrowed to the cases ``clinician_id`` reaches when given."""
        with self.db.read() as tx:
            parts = self.engine.tables(tx, "schedule")["schedule_participants"]
        where = (
            "t.practice_id = %s AND t.status <> 'superseded' AND EXISTS (SELECT 1 FROM "
            f"{parts} p WHERE p.case_id = t.case_id AND p.person_id = %s "
            "AND substr(t.starts_at, 1, 10) >= p.joined_on "
            "AND (p.left_on IS NULL OR substr(t.starts_at, 1, 10) <= p.left_on))"
        )
        reach, reach_params = self.reach_clause(practice_id, clinician_id)
        return self._by_time(
            where + reach, [practice_id, person_id, *reach_params], timezone, direction, now,
            limit, cursor,
        )  # fmt: skip

    def _by_time(
        self,
        where: str,
        params: list[Any],
        timezone: str,
        direction: Direction,
        now: datetime,
        limit: int,
        cursor: str | None,
    ) -> Page:
        descending = direction == "past"
        where += " AND t.ends_at <= %s" if descending else " AND t.ends_at > %s"
        rows, next_cursor = self._page(
            "schedule", "appointments", where, [*params, ts(now)],
            ("t.starts_at", "t.appointment_id"), limit, cursor, descending=descending,
        )  # fmt: skip
        with self.db.read() as tx:
            self._enrich(tx, rows, timezone)
        return Page(rows, next_cursor)

    def case_appointment_ids(self, case_id: str) -> list[str]:
        with self.db.read() as tx:
            rows = self._select(
                tx, "schedule", "appointments", "case_id = %s", [case_id], "ORDER BY starts_at"
            )
        return [r["appointment_id"] for r in rows]

    # -- calendar feeds -------------------------------------------------------------------

    def feed_items(
        self, practice_id: str, since: datetime, *, provider_id: str | None = None,
        person_id: str | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
        """Appointments (from ``since`` on) and series for one provider's or client's feed."""
        with self.db.read() as tx:
            tables = self.engine.tables(tx, "schedule")
            parts = tables["schedule_participants"]
            if provider_id:
                # Also the provider's series' occurrences that moved to someone else: the
                # feed must except them from the series.
                match = (
                    f"(t.provider_id = %s OR t.series_id IN (SELECT series_id FROM "
                    f"{tables['series']} WHERE provider_id = %s))"
                )
                params = [provider_id, provider_id]
                series_match = "t.provider_id = %s"
            else:
                match = f"t.case_id IN (SELECT case_id FROM {parts} WHERE person_id = %s)"
                params = [str(person_id)]
                series_match = match
            appointments = self._select(
                tx, "schedule", "appointments",
                f"t.practice_id = %s AND {match} AND "
                "(t.starts_at >= %s OR t.series_id IS NOT NULL)",
                [practice_id, *params, ts(since)], "ORDER BY t.starts_at", alias="t",
            )  # fmt: skip
            series = self._select(
                tx, "schedule", "series", f"t.practice_id = %s AND {series_match}",
                [practice_id, *params[:1]], "ORDER BY t.first_start", alias="t",
            )  # fmt: skip
            self._enrich(tx, appointments, "UTC")
            participants = (
                self._select(tx, "schedule", "schedule_participants", "person_id = %s", [person_id])
                if person_id
                else []
            )
        membership = {p["case_id"]: p for p in participants}
        for row in appointments:
            row["membership"] = membership.get(row["case_id"])
        return appointments, series
