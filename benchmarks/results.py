"""One measurement against its baseline, the results file and the summary table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

REQUIRED_KEYS = ("name", "value", "unit", "baseline", "baseline_value", "ratio", "params")


@dataclass(frozen=True)
class Result:
    """A throughput (higher is better) and the same work done the simplest way.

    ``ratio`` is value / baseline_value: 1.0 means the product adds no cost over the baseline.
    """

    name: str
    value: float
    unit: str
    baseline: str
    baseline_value: float
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline_value if self.baseline_value else 0.0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = round(self.value, 2)
        data["baseline_value"] = round(self.baseline_value, 2)
        data["ratio"] = round(self.ratio, 4)
        return {k: data[k] for k in REQUIRED_KEYS}


def write_results(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def print_table(
    results: list[Result],
    console: Console,
    goals: dict[str, float],
    ceilings: dict[str, float] | None = None,
) -> None:
    """``goals``: ratios to reach (throughput, higher is better); ``ceilings``: ratios not to
    exceed (latency against its baseline, lower is better)."""
    table = Table(title="PracticeRunner benchmarks (ratio = value / baseline)")
    for column in ("benchmark", "backend", "value", "baseline", "unit", "ratio", "goal"):
        table.add_column(column, justify="left" if column in ("benchmark", "backend") else "right")
    for r in results:
        goal, ceiling = goals.get(r.name), (ceilings or {}).get(r.name)
        met = (goal is None or r.ratio >= goal) and (ceiling is None or r.ratio <= ceiling)
        target = (
            f">= {goal:.2f}" if goal is not None else f"<= {ceiling:.2f}" if ceiling is not None
            else ""
        )  # fmt: skip
        table.add_row(
            r.name,
            str(r.params.get("backend", "")),
            _number(r.value),
            _number(r.baseline_value),
            r.unit,
            f"[{'green' if met else 'red'}]{r.ratio:.2f}[/]",
            target,
        )
    console.print(table)
    baselines = {r.name: r.baseline for r in results}
    for name, baseline in baselines.items():
        console.print(f"  {name} baseline: {baseline}", markup=False, highlight=False)
