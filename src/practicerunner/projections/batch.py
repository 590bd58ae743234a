"""A projection's unit of work: row changes buffered per key and written with executemany.

Applying events one statement at a time caps a projection near the database's round-trip
rate; buffering a batch's changes per row and flushing them together is what lets a rebuild
run near the speed of reading the log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
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
                row = self._sealed(t, row)
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

    def _sealed(self, t: Table, row: dict[str, Any]) -> dict[str, Any]:
        if not t.sealed:
            return row
        return {c: self.sealer.seal(v) if c in t.sealed else v for c, v in row.items()}

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
