"""The one read path over read-model tables: every query class selects, shapes and pages rows
through ``Reader``, so a sealed column is always unsealed, a JSON column always decoded and a
boolean always a bool, whichever query reads it (two hand-written shapers once drifted apart
and one forgot to unseal).

Rows come back as dicts keyed by column name, decoded by the table's declared column kinds
(``projections.batch.Table``). Pages use keyset order: a cursor is the sort key of the last
row returned, so never sort by a sealed column (the cursor would carry it in a URL, and SQL
cannot order ciphertext); ``sorted_page`` orders such rows in memory instead.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from practicerunner.adapters.readstore import Sealer, Transaction
from practicerunner.projections.batch import Table
from practicerunner.projections.engine import ProjectionEngine
from practicerunner.projections.generations import physical_name
from practicerunner.projections.paging import Page, decode_cursor, encode_cursor


def keyset(
    columns: tuple[str, ...], after: list[Any] | None, descending: bool = False
) -> tuple[str, list[Any]]:
    """``(a, b) > (x, y)`` (or ``<``) spelled out portably."""
    if after is None:
        return "", []
    op = "<" if descending else ">"
    clauses, params = [], []
    for i, col in enumerate(columns):
        eq = [f"{c} = %s" for c in columns[:i]]
        clauses.append("(" + " AND ".join([*eq, f"{col} {op} %s"]) + ")")
        params.extend([*after[:i], after[i]])
    return "(" + " OR ".join(clauses) + ")", params


def marks(values: list[Any] | set[Any]) -> str:
    """``%s, %s, ...`` for an ``IN (...)`` list."""
    return ", ".join("%s" for _ in values)


class Reader:
    """Reads a projection's active tables. Shared by every query class."""

    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine
        self.db = engine.db
        self.sealer: Sealer = engine.db.sealer
        # Per read transaction, every projection's active generation, read with one statement
        # the first time the transaction needs a table name: a screen's query that joins
        # names from five read models asks once, not five times.
        self._generations: weakref.WeakKeyDictionary[Any, dict[str, int]] = (
            weakref.WeakKeyDictionary()
        )

    def table(self, projection: str, table: str) -> Table:
        for t in self.engine.projections[projection].tables:
            if t.name == table:
                return t
        raise KeyError(f"{projection}.{table}")

    def physical(self, tx: Transaction, projection: str, table: str) -> str:
        generations = self._generations.get(tx)
        if generations is None:
            rows = tx.fetchall("SELECT name, active_generation FROM projection_state", ())
            generations = self._generations[tx] = {str(n): int(g) for n, g in rows}
        return physical_name(table, generations.get(projection, 1))

    def shape(self, table: Table, row: tuple[Any, ...]) -> dict[str, Any]:
        return table.decode(dict(zip(table.columns, row, strict=True)), self.sealer)

    def select(
        self,
        tx: Transaction,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        tail: str = "",
        alias: str = "",
        columns: tuple[str, ...] = (),
    ) -> list[dict[str, Any]]:
        """Rows matching ``where`` (columns may be prefixed with ``alias``): whole, or only
        ``columns`` (a narrow read unseals only what it needs)."""
        t = self.table(projection, table)
        physical = self.physical(tx, projection, table)
        prefix = f"{alias}." if alias else ""
        wanted = columns or tuple(t.columns)
        rows = tx.fetchall(
            f"SELECT {', '.join(prefix + c for c in wanted)} FROM {physical} {alias} "
            f"WHERE {where} {tail}",
            params,
        )
        return [t.decode(dict(zip(wanted, r, strict=True)), self.sealer) for r in rows]

    def one(
        self, projection: str, table: str, where: str, params: list[Any]
    ) -> dict[str, Any] | None:
        with self.db.read() as tx:
            rows = self.select(tx, projection, table, where, params, "LIMIT 2")
        return rows[0] if rows else None

    def page(
        self,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        sort: tuple[str, ...],
        limit: int,
        cursor: str | None,
        descending: bool = False,
        tx: Transaction | None = None,
    ) -> Page:
        """One page in keyset order; columns in ``where`` and ``sort`` use the alias ``t``.
        ``tx``: a read transaction the caller goes on using (for the names it adds)."""
        t = self.table(projection, table)
        plain = [c.split(".")[-1] for c in sort]
        if set(plain) & set(t.sealed):
            raise ValueError("a page cannot be sorted by a sealed column in SQL")
        after, after_params = keyset(sort, decode_cursor(cursor, len(sort)), descending)
        clause = f"{where} AND {after}" if after else where
        order = ", ".join(f"{c} {'DESC' if descending else 'ASC'}" for c in sort)
        if tx is None:
            with self.db.read() as own:
                rows = self.select(
                    own, projection, table, clause, [*params, *after_params, limit + 1],
                    f"ORDER BY {order} LIMIT %s", alias="t",
                )  # fmt: skip
        else:
            rows = self.select(
                tx, projection, table, clause, [*params, *after_params, limit + 1],
                f"ORDER BY {order} LIMIT %s", alias="t",
            )  # fmt: skip
        if len(rows) > limit:
            rows = rows[:limit]
            return Page(rows, encode_cursor([rows[-1][c] for c in plain]))
        return Page(rows, None)

    def sorted_page(
        self,
        projection: str,
        table: str,
        where: str,
        params: list[Any],
        sort_columns: tuple[str, ...],
        sort_key: Callable[[dict[str, Any]], Any],
        limit: int,
        cursor: str | None,
    ) -> Page:
        """One page ordered by a key computed from unsealed columns (a name), in memory.

        Every matching row's key and ``sort_columns`` are read and unsealed and sorted; only
        the page's rows are then read whole. The cursor is the key of the last row returned
        (never the name, which would put PHI in a URL); the next page continues after that
        row's current sort key, so a row renamed between pages moves once. Columns in
        ``where`` use the alias ``t``; the table's key must be one column."""
        t = self.table(projection, table)
        (id_column,) = t.key
        after = decode_cursor(cursor, 1)
        columns = (id_column, *sort_columns)

        def decoded(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
            return [t.decode(dict(zip(columns, r, strict=True)), self.sealer) for r in rows]

        with self.db.read() as tx:
            physical = self.physical(tx, projection, table)
            select = f"SELECT {', '.join('t.' + c for c in columns)} FROM {physical} t"
            ordered = sorted(
                decoded(tx.fetchall(f"{select} WHERE {where}", params)),
                key=lambda r: (sort_key(r), r[id_column]),
            )
            if after is not None:
                last = decoded(tx.fetchall(f"{select} WHERE t.{id_column} = %s", after))
                if last:
                    mark = (sort_key(last[0]), last[0][id_column])
                    ordered = [r for r in ordered if (sort_key(r), r[id_column]) > mark]
            ids = [r[id_column] for r in ordered[:limit]]
            rows = (
                self.select(tx, projection, table, f"{id_column} IN ({marks(ids)})", ids)
                if ids
                else []
            )
        by_id = {r[id_column]: r for r in rows}
        items = [by_id[i] for i in ids if i in by_id]
        next_cursor = encode_cursor([ids[-1]]) if len(ordered) > limit else None
        return Page(items, next_cursor)
