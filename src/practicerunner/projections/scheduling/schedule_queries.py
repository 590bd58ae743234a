"""Queries over the schedule read model: a practice's, provider's, location's or room's
appointments in a window, a case's or client's appointments by time, and the rows a calendar
feed is composed from; every row carries the names a screen shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from practicerunner.adapters.readstore import Transaction
from practicerunner.domain.clients.case_kinds import CaseKind
from practicerunner.domain.scheduling.appointments import MAX_DURATION
from practicerunner.projections.clients.queries import ClientQueries
from practicerunner.projections.paging import Page
from practicerunner.projections.reading import marks
from practicerunner.projections.scheduling.schedule import ts

View = Literal["day", "week", "month"]
Direction = Literal["upcoming", "past"]
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


class ScheduleQueries(ClientQueries):
    def _enrich(self, tx: Transaction, rows: list[dict[str, Any]], timezone: str) -> None:
        """Adds what a schedule screen shows, so it needs no second call: the case label
        (participants' names), the kind label, the provider's, service's, location's and
        room's names, and local times."""
        zone = ZoneInfo(timezone)
        case_ids = sorted({r["case_id"] for r in rows})
        members: dict[str, list[str]] = {}
        if case_ids:
            parts = self.reader.select(
                tx, "schedule", "schedule_participants", f"case_id IN ({marks(case_ids)})",
                case_ids, "ORDER BY joined_on, person_id",
            )  # fmt: skip
            people = self.names(tx, [p["person_id"] for p in parts])
            for p in parts:
                if p["left_on"] is None:
                    name = people.get(p["person_id"], {}).get("display_name") or "?"
                    members.setdefault(p["case_id"], []).append(name)
        staff = self.staff_names(tx, sorted({r["provider_id"] for r in rows}))
        services = self._catalog_names(tx, "services", "service_id", rows)
        locations: dict[str, str] = {}
        rooms: dict[str, str] = {}
        location_ids = sorted({r["location_id"] for r in rows})
        if location_ids:
            for loc in self.reader.select(
                tx, "locations", "locations", f"location_id IN ({marks(location_ids)})",
                location_ids, columns=("location_id", "name", "rooms"),
            ):  # fmt: skip
                locations[loc["location_id"]] = loc["name"]
                rooms.update({room["room_id"]: room["name"] for room in loc["rooms"]})
        for r in rows:
            kind = CaseKind(r["case_kind"])
            r["case_kind_label"] = kind.label
            names = members.get(r["case_id"], [])
            r["participant_names"] = names
            r["case_label"] = (
                " & ".join(names) if len(names) <= 3 else f"{kind.label} ({len(names)})"
            )
            r["provider_name"] = staff.get(r["provider_id"])
            r["service_name"] = services.get(r["service_id"])
            r["location_name"] = locations.get(r["location_id"])
            r["room_name"] = rooms.get(r["room_id"]) if r.get("room_id") else None
            r["starts_local"] = datetime.fromisoformat(r["starts_at"]).astimezone(zone).isoformat()
            r["ends_local"] = datetime.fromisoformat(r["ends_at"]).astimezone(zone).isoformat()

    def _catalog_names(
        self, tx: Transaction, table: str, column: str, rows: list[dict[str, Any]]
    ) -> dict[str, str]:
        ids = sorted({r[column] for r in rows if r.get(column)})
        if not ids:
            return {}
        found = self.reader.select(
            tx, table, table, f"{column} IN ({marks(ids)})", ids, columns=(column, "name")
        )
        return {r[column]: r["name"] for r in found}

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
        with self.db.read() as tx:
            page = self.reader.page(
                "schedule", "appointments", where, params, ("t.starts_at", "t.appointment_id"),
                limit, cursor, tx=tx,
            )  # fmt: skip
            self._enrich(tx, page.items, timezone)
        return page

    def appointment(
        self, practice_id: str, appointment_id: str, timezone: str
    ) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self.reader.select(
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
        page = self.reader.page(
            "schedule", "appointments", where, [*params, ts(now)],
            ("t.starts_at", "t.appointment_id"), limit, cursor, descending=descending,
        )  # fmt: skip
        with self.db.read() as tx:
            self._enrich(tx, page.items, timezone)
        return page

    def case_appointment_ids(self, case_id: str) -> list[str]:
        with self.db.read() as tx:
            rows = self.reader.select(
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
            appointments = self.reader.select(
                tx, "schedule", "appointments",
                f"t.practice_id = %s AND {match} AND "
                "(t.starts_at >= %s OR t.series_id IS NOT NULL)",
                [practice_id, *params, ts(since)], "ORDER BY t.starts_at", alias="t",
            )  # fmt: skip
            series = self.reader.select(
                tx, "schedule", "series", f"t.practice_id = %s AND {series_match}",
                [practice_id, *params[:1]], "ORDER BY t.first_start", alias="t",
            )  # fmt: skip
            self._enrich(tx, appointments, "UTC")
            participants = (
                self.reader.select(
                    tx, "schedule", "schedule_participants", "person_id = %s", [person_id]
                )
                if person_id
                else []
            )
        membership = {p["case_id"]: p for p in participants}
        for row in appointments:
            row["membership"] = membership.get(row["case_id"])
        return appointments, series

    def appointments_of_cases(
        self, practice_id: str, case_ids: list[str], timezone: str, now: datetime, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Upcoming appointments (not superseded) of the given cases, soonest first."""
        if not case_ids:
            return []
        page = self.reader.page(
            "schedule", "appointments",
            f"t.practice_id = %s AND t.case_id IN ({marks(case_ids)}) "
            "AND t.status <> 'superseded' "
            "AND t.ends_at > %s",
            [practice_id, *case_ids, ts(now)], ("t.starts_at", "t.appointment_id"), limit, None,
        )  # fmt: skip
        with self.db.read() as tx:
            self._enrich(tx, page.items, timezone)
        return page.items
