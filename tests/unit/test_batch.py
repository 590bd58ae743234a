"""A projection batch must leave a table exactly as applying its changes one by one would."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from practicerunner.adapters.readstore import _SqliteTransaction
from practicerunner.projections.batch import Batch, RowCache, Table

TABLE = Table("t", {"k": "INTEGER", "a": "INTEGER", "b": "INTEGER"}, key=("k",))

ops = st.lists(
    st.tuples(
        st.sampled_from(["upsert", "update", "delete", "get"]),
        st.integers(0, 3),
        st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 9), min_size=1),
    ),
    max_size=25,
)


def _fresh() -> _SqliteTransaction:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    tx = _SqliteTransaction(conn)
    for statement in TABLE.ddl("t"):
        tx.execute(statement)
    tx.execute("INSERT INTO t (k, a, b) VALUES (0, 1, 1)")  # a row that exists before the batch
    return tx


def _rows(tx: _SqliteTransaction) -> list[tuple]:
    return tx.fetchall("SELECT k, a, b FROM t ORDER BY k")


@settings(max_examples=300, deadline=None)
@given(ops)
def test_batched_changes_equal_changes_applied_one_by_one(changes: list) -> None:
    batched, stepwise = _fresh(), _fresh()
    batch = Batch(batched, {"t": TABLE}, {"t": "t"})
    for kind, k, values in changes:
        key = {"k": k}
        if kind == "get":
            expected = Batch(stepwise, {"t": TABLE}, {"t": "t"}).get("t", key)
            assert batch.get("t", key) == expected
            continue
        getattr(batch, kind)("t", key, **values) if kind != "delete" else batch.delete("t", key)
        one = Batch(stepwise, {"t": TABLE}, {"t": "t"})
        getattr(one, kind)("t", key, **values) if kind != "delete" else one.delete("t", key)
        one.flush()
    batch.flush()
    assert _rows(batched) == _rows(stepwise)


batches = st.lists(ops, min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(batches, st.booleans(), st.booleans())
def test_a_row_cache_carried_across_batches_changes_nothing(
    changes: list, starts_empty: bool, small: bool
) -> None:
    """Batches sharing a ``RowCache`` (as a rebuild does) leave the same rows, and read back
    the same rows, as batches that ask the database every time."""
    cached_tx, plain_tx = _fresh(), _fresh()
    if starts_empty:  # a generation that has applied nothing: the cache knows every row
        for tx in (cached_tx, plain_tx):
            tx.execute("DELETE FROM t")
    cache = RowCache({"up": 0}, complete=starts_empty, limit=3 if small else 100_000)
    if small:  # also stop following the table when it has grown unread
        cache.UNREAD_LIMIT = 1
    for batch_changes in changes:
        cached = Batch(cached_tx, {"t": TABLE}, {"t": "t"}, cache=cache)
        plain = Batch(plain_tx, {"t": TABLE}, {"t": "t"})
        for kind, k, values in batch_changes:
            key = {"k": k}
            if kind == "get":
                assert cached.get("t", key) == plain.get("t", key)
            elif kind == "delete":
                cached.delete("t", key)
                plain.delete("t", key)
            else:
                getattr(cached, kind)("t", key, **values)
                getattr(plain, kind)("t", key, **values)
        cached.flush()
        plain.flush()
        cached.settle()
        assert _rows(cached_tx) == _rows(plain_tx)
    for k in range(4):
        assert Batch(cached_tx, {"t": TABLE}, {"t": "t"}, cache=cache).get("t", {"k": k}) == (
            Batch(plain_tx, {"t": TABLE}, {"t": "t"}).get("t", {"k": k})
        )


def test_many_rows_are_written_in_multi_row_statements() -> None:
    tx = _fresh()
    batch = Batch(tx, {"t": TABLE}, {"t": "t"})
    for k in range(1, 1_234):
        batch.upsert("t", {"k": k}, a=k, b=k % 7)
    batch.update("t", {"k": 0}, b=5)
    batch.flush()
    rows = _rows(tx)
    assert len(rows) == 1_234
    assert rows[0] == (0, 1, 5) and rows[-1] == (1_233, 1_233, 1_233 % 7)
