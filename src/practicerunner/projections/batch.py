"""A projection's unit of work: row changes buffered per key and written with executemany.

Applying events one statement at a time caps a projection near the database's round-trip
rate; buffering a batch's changes per row and flushing them together is what lets a rebuild
run near the speed of reading the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from practicerunner.adapters.readstore import Sealer, Transaction


@dataclass(frozen=True)
class Table:
    """A read-model table: logical name, columns with portable SQL types, primary key."""

    name: str
    columns: dict[str, str]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

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


class Batch:
    """Buffers row changes for one transaction; later changes to a row merge into earlier ones."""

    def __init__(
        self,
        tx: Transaction,
        tables: dict[str, Table],
        physical: dict[str, str],
        sealer: Sealer | None = None,
    ) -> None:
        self.tx = tx
        self.sealer = sealer or Sealer(None)
        self._tables = tables
        self._physical = physical
        # Rows as the database held them when first asked for in this batch: nothing else
        # writes these tables inside our transaction, so each key is read at most once.
        self._db_rows: dict[tuple[str, tuple[Any, ...]], dict[str, Any] | None] = {}
        self._ops: dict[str, dict[tuple[Any, ...], tuple[str, dict[str, Any]]]] = {
            name: {} for name in tables
        }

    def _key(self, table: str, key: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(key[c] for c in self._tables[table].key)

    def seal(self, value: str | None) -> str | None:
        """Encrypts an identifying value when the installation has a cipher key."""
        return self.sealer.seal(value)

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
        t = self._tables[table]
        cols = list(t.columns)
        where = " AND ".join(f"{c} = %s" for c in t.key)
        found = self.tx.fetchone(
            f"SELECT {', '.join(cols)} FROM {self._physical[table]} WHERE {where}", list(k)
        )
        row = dict(zip(cols, found, strict=True)) if found else None
        self._db_rows[(table, k)] = row
        return dict(row) if row is not None else None

    def flush(self) -> int:
        written = 0
        self._db_rows.clear()
        for name, ops in self._ops.items():
            if not ops:
                continue
            t = self._tables[name]
            physical = self._physical[name]
            where = " AND ".join(f"{c} = %s" for c in t.key)
            deletes = [k for k, (kind, _) in ops.items() if kind in (_DELETE, _REPLACE)]
            self.tx.executemany(f"DELETE FROM {physical} WHERE {where}", deletes)
            groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
            for k, (kind, row) in ops.items():
                if kind == _DELETE:
                    continue
                if kind == _UPDATE:
                    cols = tuple(c for c in row if c not in t.key)
                    groups.setdefault((kind, cols), []).append([row[c] for c in cols] + list(k))
                else:
                    cols = tuple(row)
                    groups.setdefault((kind, cols), []).append([row[c] for c in cols])
            for (kind, cols), rows in groups.items():
                self.tx.executemany(self._statement(t, physical, kind, cols), rows)
            written += len(ops)
            ops.clear()
        return written

    @staticmethod
    def _statement(t: Table, physical: str, kind: str, cols: Iterable[str]) -> str:
        cols = list(cols)
        if kind == _UPDATE:
            sets = ", ".join(f"{c} = %s" for c in cols)
            where = " AND ".join(f"{c} = %s" for c in t.key)
            return f"UPDATE {physical} SET {sets} WHERE {where}"
        placeholders = ", ".join("%s" for _ in cols)
        non_key = [c for c in cols if c not in t.key]
        conflict = (
            f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in non_key)}"
            if non_key
            else "DO NOTHING"
        )
        return (
            f"INSERT INTO {physical} ({', '.join(cols)}) VALUES ({placeholders}) "
            f"ON CONFLICT ({', '.join(t.key)}) {conflict}"
        )
