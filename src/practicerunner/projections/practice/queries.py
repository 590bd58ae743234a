"""Queries over the practice-wide read models: plain SQL on the active generation's tables,
read and paged through the one read path (``projections.reading``)."""

from __future__ import annotations

from typing import Any

from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.paging import Page
from practicerunner.projections.reading import Reader


class ReadModels:
    """Practice, staff, catalog, access-token and audit look-ups, all through ``Reader``."""

    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db
        self.reader = Reader(engine)

    def _one(self, projection: str, table: str, where: str, params: list[Any]) -> dict | None:
        return self.reader.one(projection, table, where, params)

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
        return self.reader.page(projection, table, where, params, sort, limit, cursor)

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
        where = "practice_id = %s"
        params: list[Any] = [practice_id]
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
            return self.reader.select(
                tx, "audit_trail", "aggregate_events", "aggregate_id = %s", [aggregate_id],
                "ORDER BY version",
            )  # fmt: skip
