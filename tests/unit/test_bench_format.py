"""`make bench` writes a results file that tools can read: one entry per benchmark and backend,
each a positive throughput with its baseline and their ratio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"name", "value", "unit", "baseline", "baseline_value", "ratio", "params"}


def test_a_quick_benchmark_run_writes_every_result_with_its_baseline_and_ratio(
    tmp_path: Path,
) -> None:
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICERUNNER_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])

    command = ["-m", "benchmarks", "--quick", "--backends", "sqlite", "--events", "2000"]
    command += ["--only", "rebuild,command,http_command"]
    run = subprocess.run(
        [sys.executable, *command, "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(output.read_text())
    assert isinstance(results, list)
    assert sorted(r["name"] for r in results) == ["command", "http_command", "rebuild"]
    for result in results:
        assert set(result) == REQUIRED, result
        assert result["value"] > 0, result
        assert result["baseline_value"] > 0, result
        assert result["ratio"] > 0, result
        assert result["ratio"] == pytest.approx(result["value"] / result["baseline_value"], 1e-3)
        assert isinstance(result["unit"], str) and result["unit"].endswith("/s")
        assert isinstance(result["baseline"], str) and result["baseline"]
        assert result["params"]["backend"] == "sqlite"
    rebuild = next(r for r in results if r["name"] == "rebuild")
    assert rebuild["params"]["events_in_log"] >= 2000
