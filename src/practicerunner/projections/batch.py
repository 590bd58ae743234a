"""A projection's unit of work: row changes buffered per key and written in bulk.

Applying events one statement at a time caps a projection near the database's round-trip
rate; buffering a batch's changes per row and flushing them together (multi-row
``INSERT ... ON CONFLICT`` statements) is what lets a rebuild run near the speed of reading
the log. A ``RowCache`` carries the rows a generation holds from one batch to the next, so
handlers that read their own rows back do not ask the database for rows it just wrote.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from practicerunner.adapters.readstore import Sealer, Transaction


@dataclass(frozen=True)
class Table:
    """A read-model table: logical name, columns with portable SQL types, primary key, and
    each column's kind, declared once so that every writer and reader treats it alike.

    Kinds: ``sealed`` columns hold personal or clinical text, encrypted with the cipher key
    by the batch on the way in and decrypted by the read path on the way out (never
    compared in SQL: search goes through blind-index tables); ``json`` columns hold JSON
    text decoded on read (a column may be both: sealed JSON); ``booleans`` are stored as 0/1
    and read as bools; ``money`` is integer cents. Any other column is plain."""

    name: str
    columns: dict[str, str]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    sealed: tuple[str, ...] = ()
    json: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()
    money: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for kind in (self.sealed, self.json, self.booleans, self.money):
            unknown = set(kind) - set(self.columns)
            if unknown:
                raise ValueError(f"{self.name}: no such column(s) {sorted(unknown)}")
        if set(self.sealed) & (set(self.key) | {c for i in self.indexes for c in i}):
            raise ValueError(f"{self.name}: a sealed column can be neither key nor indexed")

    @cached_property
    def column_kinds(self) -> tuple[tuple[str, bool], ...]:
        """(column, whether it is an integer column) for every column."""
        return tuple((c, _is_integer(sql)) for c, sql in self.columns.items())

    def decode(self, row: dict[str, Any], sealer: Sealer) -> dict[str, Any]:
        """A stored row as the application sees it: unsealed, JSON decoded, bools as bools."""
        for col in self.sealed:
            if col in row:
                row[col] = sealer.unseal(row[col])
        for col in self.json:
            if isinstance(row.get(col), str):
                row[col] = json.loads(row[col])
        for col in self.booleans:
            if row.get(col) is not None:
                row[col] = bool(row[col])
        for col in self.money:
            if row.get(col) is not None:
                row[col] = int(row[col])
        return row

    def ddl(self, physical: str, indexes: bool = True) -> list[str]:
        cols = ", ".join(f"{c} {t}" for c, t in self.columns.items())
        statements = [
            f"CREATE TABLE IF NOT EXISTS {physical} ({cols}, PRIMARY KEY ({', '.join(self.key)}))"
        ]
        if indexes:
            statements += self.index_ddl(physical)
        return statements

    def index_ddl(self, physical: str) -> list[str]:
        return [
            f"CREATE INDEX IF NOT EXISTS {physical}_i{i} ON {physical} ({', '.join(index)})"
            for i, index in enumerate(self.indexes)
        ]


_UPSERT, _UPDATE, _DELETE, _REPLACE = "upsert", "update", "delete", "replace"
_SKIP = "skip"
# Rows per multi-row statement: well under both databases' limits on bound parameters
# (SQLite 32766, PostgreSQL 65535) for tables of any width used here.
_CHUNK_PARAMETERS = 8_000
_CHUNK_ROWS = 500
RowKey = tuple[str, tuple[Any, ...]]


class RowCache:
    """The rows of one generation as committed up to ``positions`` (its tracking positions),
    kept between batches by whoever applies them (``Generations``).

    Valid only while nobody else writes the generation: every writer advances the tracking
    positions in the same transaction as its rows, so the owner checks them before each
    batch and starts afresh when they moved. A cache begun on an empty generation is
    complete: a key it does not hold is a row that does not exist, except in tables it has
    stopped following (``incomplete``). A table no handler has read from stops being
    followed past ``UNREAD_LIMIT`` rows: one only ever written (an audit trail) then costs
    little here, and should it be read later, it is read through. Rows are as
    handlers wrote them (sealed columns open), and only committed changes are settled in
    (``Batch.settle``, after the transaction). Past ``limit`` rows the cache empties and
    reads through again."""

    def __init__(self, positions: dict[str, int], complete: bool, limit: int = 100_000) -> None:
        self.positions = dict(positions)
        self.complete = complete
        self.limit = limit
        self.rows: dict[RowKey, dict[str, Any] | None] = {}
        self.read_tables: set[str] = set()
        self.incomplete: set[str] = set()
        self.sizes: dict[str, int] = {}

    UNREAD_LIMIT = 10_000

    def follows(self, table: str) -> bool:
        return table not in self.incomplete

    def settled_batch(self) -> None:
        """Stops following tables nobody has read that have grown past ``UNREAD_LIMIT``."""
        unread = {
            t for t, n in self.sizes.items() if n > self.UNREAD_LIMIT and t not in self.read_tables
        }
        if unread:
            self.incomplete |= unread
            self.rows = {k: v for k, v in self.rows.items() if k[0] not in unread}
            for table in unread:
                del self.sizes[table]

    def holds(self, key: RowKey) -> bool:
        return key in self.rows or (self.complete and key[0] not in self.incomplete)

    def remember(self, key: RowKey, row: dict[str, Any] | None) -> None:
        if key not in self.rows:
            self.sizes[key[0]] = self.sizes.get(key[0], 0) + 1
        self.rows[key] = row
        if len(self.rows) > self.limit:
            self.rows.clear()
            self.sizes.clear()
            self.complete = False

    def unfollowed(self, table: str) -> None:
        """Changes to ``table`` were written without being settled here."""
        self.incomplete.add(table)


class Batch:
    """Buffers row changes for one transaction; later changes to a row merge into earlier ones."""

    def __init__(
        self,
        tx: Transaction,
        tables: dict[str, Table],
        physical: dict[str, str],
        sealer: Sealer | None = None,
        cache: RowCache | None = None,
    ) -> None:
        self.tx = tx
        self.sealer = sealer or Sealer(None)
        self._tables = tables
        self._physical = physical
        self._cache = cache
        # What flush left each row as (None: deleted or absent); settled into the cache once
        # the transaction has committed. Rows whose outcome flush could not know are forgotten.
        self._settled: dict[RowKey, dict[str, Any] | None] = {}
        self._unsettled: set[RowKey] = set()
        self._unfollowed: set[str] = set()
        # Rows as the database held them when first asked for in this batch: nothing else
        # writes these tables inside our transaction, so each key is read at most once.
        self._db_rows: dict[tuple[str, tuple[Any, ...]], dict[str, Any] | None] = {}
        self._ops: dict[str, dict[tuple[Any, ...], tuple[str, dict[str, Any]]]] = {
            name: {} for name in tables
        }

    def _key(self, table: str, key: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(key[c] for c in self._tables[table].key)

    def blind(self, purpose: str, value: str) -> str:
        """A blind-index token (see ``Sealer.blind``) for a look-up table row."""
        return self.sealer.blind(purpose, value)

    def upsert(self, table: str, key: dict[str, Any], **values: Any) -> None:
        """Insert the row, or update the given columns if it exists."""
        k = self._key(table, key)
        ops = self._ops[table]
        prev = ops.get(k)
        row = {**key, **values}
        if prev is None:
            ops[k] = (_UPSERT, row)
        elif prev[0] == _DELETE:
            ops[k] = (_REPLACE, row)
        elif prev[0] == _UPDATE and self._stored(table, k) is None:
            # The update found no row (a no-op); the upsert inserts only its own columns.
            ops[k] = (_UPSERT, row)
        else:
            kind = _REPLACE if prev[0] == _REPLACE else _UPSERT
            ops[k] = (kind, {**prev[1], **row})

    def update(self, table: str, key: dict[str, Any], **values: Any) -> None:
        """Change columns of an existing row; nothing happens if there is none."""
        k = self._key(table, key)
        ops = self._ops[table]
        prev = ops.get(k)
        if prev is None:
            ops[k] = (_UPDATE, {**key, **values})
        elif prev[0] != _DELETE:
            ops[k] = (prev[0], {**prev[1], **values})

    def delete(self, table: str, key: dict[str, Any]) -> None:
        self._ops[table][self._key(table, key)] = (_DELETE, dict(key))

    def get(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        """The row as this batch would leave it."""
        k = self._key(table, key)
        prev = self._ops[table].get(k)
        if prev and prev[0] == _DELETE:
            return None
        empty = dict.fromkeys(self._tables[table].columns)
        if prev and prev[0] == _REPLACE:
            return {**empty, **prev[1]}
        row = self._stored(table, k)
        if prev is None:
            return row
        if prev[0] == _UPDATE:
            return {**row, **prev[1]} if row else None
        return {**(row or empty), **prev[1]}

    def _stored(self, table: str, k: tuple[Any, ...]) -> dict[str, Any] | None:
        """The row as the database holds it, before this batch."""
        if (table, k) in self._db_rows:
            row = self._db_rows[(table, k)]
            return dict(row) if row is not None else None
        cache = self._cache
        if cache is not None:
            cache.read_tables.add(table)
            if cache.holds((table, k)):
                return _as_stored(self._tables[table], cache.rows.get((table, k)))
        t = self._tables[table]
        cols = list(t.columns)
        where = " AND ".join(f"{c} = %s" for c in t.key)
        found = self.tx.fetchone(
            f"SELECT {', '.join(cols)} FROM {self._physical[table]} WHERE {where}", list(k)
        )
        row = dict(zip(cols, found, strict=True)) if found else None
        if row is not None:
            # Projections work on plaintext: sealed columns are opened here, sealed at flush.
            for col in t.sealed:
                row[col] = self.sealer.unseal(row[col])
        self._db_rows[(table, k)] = row
        if cache is not None:
            cache.remember((table, k), row)  # as committed before this batch: true either way
        return dict(row) if row is not None else None

    def _known(self, table: str, k: tuple[Any, ...]) -> tuple[bool, dict[str, Any] | None]:
        """(whether the stored row is known without asking the database, that row)."""
        if (table, k) in self._db_rows:
            return True, self._db_rows[(table, k)]
        if self._cache is not None and self._cache.holds((table, k)):
            return True, self._cache.rows.get((table, k))
        return False, None

    def _outcome(
        self, t: Table, k: tuple[Any, ...], kind: str, row: dict[str, Any]
    ) -> tuple[bool, str, dict[str, Any] | None]:
        """How flush leaves a row: (known, the op to write, the full row afterwards). With the
        stored row known, an update becomes an upsert of the whole row (so it joins the bulk
        insert), or nothing at all where there is no row to update."""
        if kind == _DELETE:
            return True, kind, None
        empty = dict.fromkeys(t.columns)
        if kind == _REPLACE:
            return True, kind, {**empty, **row}
        known, stored = self._known(t.name, k)
        if not known:
            return False, kind, None
        if kind == _UPDATE:
            if stored is None:
                return True, _SKIP, None  # no row to update: nothing to write
            return True, _UPSERT, {**stored, **row}
        return True, kind, {**(stored or empty), **row}

    def flush(self) -> int:
        written = 0
        for name, ops in self._ops.items():
            if not ops:
                continue
            t = self._tables[name]
            physical = self._physical[name]
            where = " AND ".join(f"{c} = %s" for c in t.key)
            deletes: list[tuple[Any, ...]] = []
            groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
            follow = self._cache is not None and self._cache.follows(name)
            if self._cache is not None and not follow:
                self._unfollowed.add(name)
            for k, (kind, row) in ops.items():
                if self._cache is not None and not follow:
                    self._unsettled.add((name, k))  # a row read through is stale after this
                elif follow:
                    known, kind, after = self._outcome(t, k, kind, row)
                    if not known:
                        self._unsettled.add((name, k))
                    else:
                        self._settled[(name, k)] = after
                        if kind == _SKIP:
                            continue
                        if kind == _UPSERT and after is not None:
                            row = after
                if kind in (_DELETE, _REPLACE):
                    deletes.append(k)
                if kind == _DELETE:
                    continue
                row = self._sealed(t, row)
                if kind == _UPDATE:
                    cols = tuple(c for c in row if c not in t.key)
                    groups.setdefault((kind, cols), []).append([row[c] for c in cols] + list(k))
                else:
                    cols = tuple(row)
                    groups.setdefault((kind, cols), []).append([row[c] for c in cols])
            self.tx.executemany(f"DELETE FROM {physical} WHERE {where}", deletes)
            for (kind, cols), rows in groups.items():
                if kind == _UPDATE:
                    self.tx.executemany(self._statement(t, physical, kind, cols), rows)
                else:
                    self._insert(t, physical, cols, rows)
            written += len(ops)
            ops.clear()
        self._db_rows.clear()
        return written

    def settle(self) -> None:
        """Called once the flushed transaction has committed: the cache learns its rows."""
        cache = self._cache
        if cache is None:
            return
        for key in self._unsettled:  # never in a complete cache, which knows every row
            cache.rows.pop(key, None)
        for table in self._unfollowed:
            cache.unfollowed(table)
        for key, row in self._settled.items():
            cache.remember(key, row)
        cache.settled_batch()
        self._settled.clear()
        self._unsettled.clear()
        self._unfollowed.clear()

    def _insert(
        self, t: Table, physical: str, cols: tuple[str, ...], rows: list[list[Any]]
    ) -> None:
        """Upserts rows in bulk. PostgreSQL: one statement whatever the count, each column
        sent as one array (``unnest``), so the statement text stays short and the driver
        does not parse thousands of placeholders. SQLite: multi-row statements of a fixed
        size and one for the rest, so at most two statement texts per column set."""
        if self.tx.dialect == "postgres":
            self.tx.execute(self._unnest_statement(t, physical, cols), _columns(t, cols, rows))
            return
        per = max(1, min(_CHUNK_ROWS, _CHUNK_PARAMETERS // max(1, len(cols))))
        full = len(rows) - len(rows) % per
        if full:
            statement = self._statement(t, physical, _UPSERT, cols, per)
            for i in range(0, full, per):
                self.tx.execute(statement, [v for r in rows[i : i + per] for v in r])
        if full < len(rows):
            rest = rows[full:]
            statement = self._statement(t, physical, _UPSERT, cols, len(rest))
            self.tx.execute(statement, [v for r in rest for v in r])

    @staticmethod
    def _unnest_statement(t: Table, physical: str, cols: tuple[str, ...]) -> str:
        arrays = ", ".join(f"%b::{_pg_array_type(t.columns[c])}" for c in cols)
        return (
            f"INSERT INTO {physical} ({', '.join(cols)}) "
            f"SELECT * FROM unnest({arrays}) AS s({', '.join(cols)}) " + Batch._on_conflict(t, cols)
        )

    def _sealed(self, t: Table, row: dict[str, Any]) -> dict[str, Any]:
        if not t.sealed:
            return row
        return {c: self.sealer.seal(v) if c in t.sealed else v for c, v in row.items()}

    @staticmethod
    def _statement(t: Table, physical: str, kind: str, cols: Iterable[str], rows: int = 1) -> str:
        cols = list(cols)
        if kind == _UPDATE:
            sets = ", ".join(f"{c} = %s" for c in cols)
            where = " AND ".join(f"{c} = %s" for c in t.key)
            return f"UPDATE {physical} SET {sets} WHERE {where}"
        one = "(" + ", ".join("%s" for _ in cols) + ")"
        placeholders = ", ".join(one for _ in range(rows))
        return (
            f"INSERT INTO {physical} ({', '.join(cols)}) VALUES {placeholders} "
            + Batch._on_conflict(t, cols)
        )

    @staticmethod
    def _on_conflict(t: Table, cols: Iterable[str]) -> str:
        non_key = [c for c in cols if c not in t.key]
        conflict = (
            f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in non_key)}"
            if non_key
            else "DO NOTHING"
        )
        return f"ON CONFLICT ({', '.join(t.key)}) {conflict}"


def _is_integer(sql_type: str) -> bool:
    return sql_type.startswith(("INTEGER", "BIGINT"))


def _pg_array_type(sql_type: str) -> str:
    if sql_type.startswith("BIGINT"):
        return "int8[]"
    return "int4[]" if sql_type.startswith("INTEGER") else "text[]"


def _columns(t: Table, cols: tuple[str, ...], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows turned into one list per column (for ``unnest``); integer columns get ints (a
    bool would make the driver send a boolean array)."""
    out = [list(column) for column in zip(*rows, strict=True)]
    for i, col in enumerate(cols):
        if _is_integer(t.columns[col]):
            out[i] = [int(v) if isinstance(v, bool) else v for v in out[i]]
    return out


def _as_stored(t: Table, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a cached row as reading it back would give it: integer columns hold
    integers (a bool is stored as 0/1), text columns text."""
    if row is None:
        return None
    out = dict(row)
    for col, integer in t.column_kinds:
        value = out.get(col)
        if value is None:
            continue
        if integer:
            if value is True or value is False:
                out[col] = int(value)
        elif not isinstance(value, str) and isinstance(value, int | float):
            out[col] = str(value)
    return out
