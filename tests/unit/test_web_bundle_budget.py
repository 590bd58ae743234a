"""The web app's first load stays within its budgets (300 KB staff, 150 KB portal, gzipped),
measured as `make bench` measures it, on the built app (`make test` builds it first)."""

from __future__ import annotations

import pytest
from benchmarks import web_bundle


@pytest.mark.skipif(
    not (web_bundle.DIST / ".vite" / "manifest.json").exists(), reason="web/dist is not built"
)
def test_each_app_loads_within_its_budget_before_its_first_screen() -> None:
    kb = web_bundle.KB
    over = {
        r.params["app"]: f"{r.value / kb:.1f} KB of {r.baseline_value / kb:.0f}"
        for r in web_bundle.measure()
        if not r.params["fits"]
    }
    assert over == {}, f"first load over budget: {over}"
