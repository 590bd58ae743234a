"""The command line as an operator uses it: serve with demo data, init, demo, history."""

from __future__ import annotations

import json
import os
import re
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


JOIN_LINK = re.compile(r"^http://127\.0\.0\.1:8000/join/(\S+)$", re.MULTILINE)


def join_as_owner(env: dict[str, str], token: str) -> tuple[int, str | None]:
    """Opens the printed link as the owner would: registers a passkey with the software
    authenticator through the API on the CLI's store, then signs in with it. Answers the
    join's status and the staff id of the passkey sign-in."""
    from fastapi.testclient import TestClient

    from practicerunner.api.app import create_app
    from practicerunner.bootstrap.runtime import Runtime
    from practicerunner.config import Settings
    from tests.support.passkeys import ORIGIN, bearer, sign_in
    from tests.support.soft_authenticator import SoftAuthenticator

    rt = Runtime(Settings.from_env(env))
    try:
        with TestClient(create_app(rt)) as client:
            begin = client.post("/auth/join/begin", json={"token": token})
            if begin.status_code != 200:
                return begin.status_code, None
            key = SoftAuthenticator()
            done = client.post(
                "/auth/join/complete",
                json={
                    "token": token,
                    "challenge_id": begin.json()["challenge_id"],
                    "credential": key.create(begin.json()["options"], ORIGIN),
                    "session_type": "api",
                },
            )
            if done.status_code != 200:
                return done.status_code, None
            signed_in = sign_in(client, key)
            assert signed_in.status_code == 200, signed_in.text
            me = client.get("/auth/me", headers=bearer(signed_in.json()["token"])).json()
            return done.status_code, me["staff_id"] if me["role"] == "owner" else None
    finally:
        rt.close()


def test_init_prints_the_owners_join_link_and_the_owner_registers_a_passkey_with_it(
    tmp_path: Path,
) -> None:
    env = env_for(tmp_path)
    opened = run(
        ["init", "--name", "Cove Counseling", "--slug", "cove-counseling", "--owner-email",
         "owner@cove.example", "--owner-given-name", "Cam", "--owner-family-name", "Cove"],
        env,
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    (token,) = JOIN_LINK.findall(opened.stdout)
    api_token = opened.stdout.strip().splitlines()[-1]
    assert len(api_token) >= 40 and "/" not in api_token  # the token stays the last line
    assert token not in opened.stderr and api_token not in opened.stderr  # not logged

    status, owner_id = join_as_owner(env, token)

    assert status == 200 and owner_id is not None
    assert join_as_owner(env, token)[0] == 401  # one time only


def test_demo_prints_a_join_link_until_the_owner_has_joined(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    first = run(["demo"], env)
    assert first.returncode == 0, first.stderr
    (old,) = JOIN_LINK.findall(first.stdout)
    again = run(["demo"], env)
    assert again.returncode == 0, again.stderr
    (new,) = JOIN_LINK.findall(again.stdout)
    assert new != old

    assert join_as_owner(env, old)[0] == 401  # replaced by the newer link
    assert join_as_owner(env, new)[0] == 200

    joined = run(["demo"], env)
    assert joined.returncode == 0, joined.stderr
    assert JOIN_LINK.findall(joined.stdout) == []
    assert "owner has joined" in joined.stdout
    api_token = joined.stdout.strip().splitlines()[-1]
    assert (tmp_path / "var" / "demo-token.txt").read_text().strip() == api_token


def test_history_replays_a_practice_as_of_a_version(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    assert run(["demo"], env).returncode == 0
    status = run(["projections", "status"], env)
    assert status.returncode == 0 and "practice_directory" in status.stdout
    from practicerunner.bootstrap.runtime import Runtime
    from practicerunner.config import Settings
    from practicerunner.projections.practice.queries import ReadModels

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


def test_history_replays_a_case_with_its_appointments(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    assert run(["demo"], env).returncode == 0
    from practicerunner.bootstrap.runtime import Runtime
    from practicerunner.config import Settings

    rt = Runtime(Settings.from_env(env))
    try:
        with rt.db.read() as tx:
            cases = rt.engine.tables(tx, "cases")["cases"]
            (case_id,) = tx.fetchone(f"SELECT case_id FROM {cases} WHERE kind = %s", ("couple",))
    finally:
        rt.close()
    out = run(["history", case_id, "--case", "--json"], env)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["case"]["aggregate_type"] == "Case"
    assert found["appointments"], "the couple's sessions are part of its history"
    events = [e["event"] for e in found["timeline"]]
    assert events[0] == "Opened" and "Booked" in events
    assert all(e["actor_id"] for e in found["timeline"])
    before = run(["history", case_id, "--case", "--json", "--as-of=2000-01-01T00:00:00+00:00"], env)
    assert before.returncode == 1, "the case did not exist yet then"
