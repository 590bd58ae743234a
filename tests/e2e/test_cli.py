"""The command line as an operator uses it: serve with demo data, init, demo, history."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CLI = [sys.executable, "-m", "practicerunner.cli"]


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICERUNNER_")}
    env.update(PRACTICERUNNER_DATA_DIR=str(tmp_path / "var"), COLUMNS="200", **extra)
    return env


def run(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, env=env, capture_output=True, text=True, timeout=120, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_starts_with_demo_data_on_first_start(tmp_path: Path) -> None:
    port = free_port()
    env = env_for(tmp_path)
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = (tmp_path / "var" / "demo-token.txt").read_text().strip()
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{base}/docs").status_code == 200
        answer = httpx.get(f"{base}/practice", headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["slug"] == "harbor-therapy"
        providers = httpx.get(f"{base}/providers", headers=headers).json()["items"]
        assert len(providers) >= 3
        assert len(httpx.get(f"{base}/services", headers=headers).json()["items"]) >= 5
        mail = list((tmp_path / "var" / "mail" / "new").iterdir())
        assert len(mail) >= 5, "staff invitations went to the local mailbox"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_init_opens_a_practice_and_refuses_a_taken_slug(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    args = [
        "init",
        "--name",
        "Cove Counseling",
        "--slug",
        "cove-counseling",
        "--owner-email",
        "owner@cove.example",
        "--owner-given-name",
        "Cam",
        "--owner-family-name",
        "Cove",
        "--plan",
        "starter",
    ]
    first = run(args, env)
    assert first.returncode == 0, first.stderr
    token = first.stdout.strip().splitlines()[-1]
    assert len(token) >= 40
    second = run(args, env)
    assert second.returncode == 1 and "already taken" in second.stdout


def test_history_replays_a_practice_as_of_a_version(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    assert run(["demo"], env).returncode == 0
    status = run(["projections", "status"], env)
    assert status.returncode == 0 and "practice_directory" in status.stdout
    from practicerunner.bootstrap import Runtime
    from practicerunner.config import Settings
    from practicerunner.projections.queries import ReadModels

    rt = Runtime(Settings.from_env(env))
    try:
        practice_id = ReadModels(rt.engine).practice_by_slug("harbor-therapy")["practice_id"]
    finally:
        rt.close()
    out = run(["history", practice_id, "--version", "2", "--json"], env)
    assert out.returncode == 0, out.stderr
    history = json.loads(out.stdout)
    assert history["version"] == 2 and len(history["events"]) == 2
    assert history["events"][0]["event"] == "Opened"
    assert run(["history", practice_id, "--version", "9999"], env).returncode == 1


@pytest.mark.parametrize("bad", ["--as-of=yesterday"])
def test_history_rejects_bad_times(tmp_path: Path, bad: str) -> None:
    out = run(["history", "00000000-0000-4000-8000-000000000000", bad], env_for(tmp_path))
    assert out.returncode != 0
