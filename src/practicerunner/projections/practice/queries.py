"""Queries over the read models: plain SQL on the active generation's tables."""

from __future__ import annotations

import json
from typing import Any

from practicerunner.adapters.readstore import Sealer
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.paging import Page, decode_cursor, keyset_where, page_of

JSON_COLUMNS = {"address", "billing_identity", "settings", "credentials", "rooms"}
BOOL_COLUMNS = {
    "is_provider",
    "visible_online",
    "archived",
    "bookable_online",
    "retired",
    "revoked",
}


def _shape(columns: list[str], row: tuple[Any, ...], sealer: Sealer) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col, value in zip(columns, row, strict=True):
        value = sealer.unseal(value)
        if col in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif col in BOOL_COLUMNS and value is not None:
            value = bool(value)
        out[col] = value
    return out


class ReadModels:
    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db

    def _one(self, projection: str, table: str, where: str, params: list[Any]) -> dict | None:
        with self.db.read() as tx:
            physical = self.engine.tables(tx, projection)[table]
            cols = list(self.engine.projections[projection].tables[0].columns)
            row = tx.fetchone(f"SELECT {', '.join(cols)} FROM {physical} WHERE {where}", params)
        return _shape(cols, row, self.db.sealer) if row else None

    def _page(
        self,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        sort: tuple[str, ...],
        limit: int,
        cursor: str | None,
    ) -> Page:
        after = decode_cursor(cursor, len(sort))
        keyset, keyset_params = keyset_where(sort, after)
        clause = f"{where} AND {keyset}" if keyset else where
        with self.db.read() as tx:
            physical = self.engine.tables(tx, projection)[table]
            cols = list(self.engine.projections[projection].tables[0].columns)
            rows = tx.fetchall(
                f"SELECT {', '.join(cols)} FROM {physical} WHERE {clause} "
                f"ORDER BY {', '.join(sort)} LIMIT %s",
                [*params, *keyset_params, limit + 1],
            )
        return page_of([_shape(cols, r, self.db.sealer) for r in rows], limit, sort)

    # -- practices ------------------------------------------------------------------------

    def practice(self, practice_id: str) -> dict | None:
        return self._one("practice_directory", "practices", "practice_id = %s", [practice_id])

    def practice_by_slug(self, slug: str) -> dict | None:
        return self._one("practice_directory", "practices", "slug = %s", [slug])

    # -- staff ----------------------------------------------------------------------------

    def staff_member(self, practice_id: str, staff_id: str) -> dict | None:
        return self._one(
            "staff", "staff", "practice_id = %s AND staff_id = %s", [practice_id, staff_id]
        )

    def staff(
        self,
        practice_id: str,
        *,
        role: str | None = None,
        providers_only: bool = False,
        include_deactivated: bool = True,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        where, params = "practice_id = %s", [practice_id]
        if role:
            where += " AND role = %s"
            params.append(role)
        if providers_only:
            where += " AND is_provider = 1"
        if not include_deactivated:
            where += " AND status <> 'deactivated'"
        return self._page(
            "staff",
            "staff",
            where,
            params,
            ("added_at", "staff_id"),
            limit,
            cursor,
        )

    # -- locations and services -----------------------------------------------------------

    def location(self, practice_id: str, location_id: str) -> dict | None:
        return self._one(
            "locations",
            "locations",
            "practice_id = %s AND location_id = %s",
            [practice_id, location_id],
        )

    def locations(
        self,
        practice_id: str,
        *,
        include_archived: bool = False,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        where = "practice_id = %s" + ("" if include_archived else " AND archived = 0")
        return self._page(
            "locations", "locations", where, [practice_id], ("name", "location_id"), limit, cursor
        )

    def service(self, practice_id: str, service_id: str) -> dict | None:
        return self._one(
            "services",
            "services",
            "practice_id = %s AND service_id = %s",
            [practice_id, service_id],
        )

    def services(
        self,
        practice_id: str,
        *,
        include_retired: bool = False,
        bookable_online: bool | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        where, params = "practice_id = %s", [practice_id]
        if not include_retired:
            where += " AND retired = 0"
        if bookable_online is not None:
            where += " AND bookable_online = %s"
            params.append(int(bookable_online))
        return self._page(
            "services", "services", where, params, ("name", "service_id"), limit, cursor
        )

    # -- access ---------------------------------------------------------------------------

    def access_token(self, token_hash: str) -> dict | None:
        return self._one("access_tokens", "access_tokens", "token_hash = %s", [token_hash])

    # -- audit ----------------------------------------------------------------------------

    def aggregate_events(self, aggregate_id: str) -> list[dict[str, Any]]:
        with self.db.read() as tx:
            physical = self.engine.tables(tx, "audit_trail")["aggregate_events"]
            cols = list(self.engine.projections["audit_trail"].tables[0].columns)
            rows = tx.fetchall(
                f"SELECT {', '.join(cols)} FROM {physical} WHERE aggregate_id = %s "
                f"ORDER BY version",
                [aggregate_id],
            )
        return [_shape(cols, r, self.db.sealer) for r in rows]
