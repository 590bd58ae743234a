"""``attention_query`` reports its ratio the way results.json does: ours / bare, so a ratio
under the goal of 3 means the Needs Attention query costs at most three bare selects."""

from __future__ import annotations

import pytest
from benchmarks import attention
from benchmarks.backends import fresh_settings
from benchmarks.results import Result


def test_the_attention_benchmark_ratio_is_ours_over_the_bare_select() -> None:
    with fresh_settings("sqlite") as settings:
        found = attention.run("sqlite", settings, quick=True)
    assert [r["name"] for r in found] == ["attention_query_p50", "attention_query_p99"]
    for result in found:
        assert result["value"] > 0 and result["baseline_value"] > 0
        assert result["ratio"] == pytest.approx(result["value"] / result["baseline_value"], 1e-2)
        keys = ("name", "value", "unit", "baseline", "baseline_value", "params")
        written = Result(**{k: result[k] for k in keys}).as_json()
        assert written["ratio"] == pytest.approx(result["ratio"], 1e-2)
