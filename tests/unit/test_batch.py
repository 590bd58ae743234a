"""A projection batch must leave a table exactly as applying its changes one by one would."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from practicerunner.adapters.readstore import _SqliteTransaction
from practicerunner.projections.batch import Batch, Table

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
