"""Note content is for clinicians: billing and scheduling staff read none of it through any
route; every read of a note is in the access log; with a cipher key no note text is in
plaintext at rest (SQLite files, pg_dump)."""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from practicerunner.adapters.clock import ControlledClock
from practicerunner.api.app import create_app
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.config import Settings, postgres_params
from practicerunner.domain.practice.roles import Plan, Role
from tests.e2e.test_authorization_matrix import api_routes
from tests.support.clinical import Clinic, open_clinic
from tests.support.problems import refusal

SECRET = "Discussed the quokka dream again"
NOTE = {"subjective": SECRET, "assessment": "Stable.", "plan": "Weekly."}
NOTE_ROUTES = {
    "/notes/{note_id}",
    "/appointments/{appointment_id}/note",
    "/cases/{case_id}/notes",
    "/review-queue",
}


def _submitted_note(c: Clinic) -> dict[str, str]:
    """An associate's note waiting for the owner, and the ids around it."""
    ada = c.hire("ada", Role.ASSOCIATE)
    case = c.client_case("owner", ada, "Sam")
    session = c.completed_session("ada", case, ada)
    note = c.written_note("ada", session, NOTE)
    c.ok("ada", f"/notes/{note}/submit")
    c.idle()
    (task,) = c.get("owner", "/tasks?type=supervision_review").json()["items"]
    person = c.get("owner", f"/cases/{case}").json()["participants"][0]["person_id"]
    return {
        "note_id": note,
        "appointment_id": session,
        "case_id": case,
        "person_id": person,
        "task_id": task["task_id"],
        "staff_id": ada,
    }


def test_billing_and_scheduling_staff_read_no_note_content_through_any_route(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.GROUP, "harbor-therapy")
    ids = _submitted_note(c)
    for name, role in [
        ("billy", Role.BILLING),
        ("sky", Role.SCHEDULER),
        ("cora", Role.COORDINATOR),
    ]:
        c.hire(name, role)
    assert SECRET in c.get("owner", f"/notes/{ids['note_id']}").text  # the owner reads it

    gets = [r for m, r in api_routes(client) if m == "GET" and isinstance(r, APIRoute)]
    assert {r.path for r in gets} >= NOTE_ROUTES
    checked = 0
    for route in gets:
        path = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), m.group(0)), route.path)
        if "{" in path:
            continue  # a route about something else (a feed token, a slug)
        for who in ("billy", "sky", "cora"):
            answer = c.get(who, path)
            checked += 1
            assert SECRET not in answer.text, f"{who} read note text from GET {route.path}"
            if route.path in NOTE_ROUTES:
                refusal(answer, 403, "forbidden")
                assert answer.json()["permission"] in ("notes.read", "notes.review")
    assert checked > 3 * 20
    # Writes are refused too, before anything is written.
    for who in ("billy", "sky"):
        r = c.post(who, f"/notes/{ids['note_id']}/draft", {"content": {"plan": "x"}})
        refusal(r, 403, "forbidden")
        assert r.json()["type"].endswith("/forbidden")


def test_every_read_of_a_note_is_in_the_access_log(
    runtime: Runtime, client: TestClient, clock: ControlledClock
) -> None:
    c = open_clinic(runtime, client, clock, Plan.PROFESSIONAL, "solo-therapy")
    ids = _submitted_note(c)
    reads = [
        ("owner", f"/notes/{ids['note_id']}"),
        ("ada", f"/appointments/{ids['appointment_id']}/note"),
        ("ada", f"/cases/{ids['case_id']}/notes"),
        ("owner", "/review-queue"),
        ("owner", f"/notes/{ids['note_id']}"),
    ]
    for who, path in reads:
        assert c.get(who, path).status_code == 200, path
    # A refused read (another practice's caller would get 404) writes nothing about the note.
    refusal(c.get("ada", f"/notes/{ids['task_id']}"), 404, "not-found")
    log = c.get("owner", f"/access-log?resource_id={ids['note_id']}&limit=50").json()["items"]
    found = sorted((e["actor_id"], e["route"]) for e in log if e["resource_type"] == "note")
    wanted = sorted(
        (c.owner_id if who == "owner" else ids["staff_id"], _route(path, ids))
        for who, path in reads
    )
    assert found == wanted
    assert {e["category"] for e in log} == {"clinical"}


def _route(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace(value, "{" + name + "}")
    return path


@pytest.fixture
def sealed_runtime(database_url: str, tmp_path: Path, clock: ControlledClock) -> Iterator[Runtime]:
    settings = Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path / "var"),
            "PRACTICERUNNER_DATABASE_URL": database_url,
            "PRACTICERUNNER_CIPHER_KEY": base64.b64encode(b"n" * 32).decode(),
            "PRACTICERUNNER_SECRET_KEY": "x",
        }
    )
    rt = Runtime(settings, clock=clock)
    try:
        yield rt
    finally:
        rt.close()


def test_with_the_cipher_key_no_note_text_is_in_plaintext_at_rest(
    backend: str, database_url: str, tmp_path: Path, clock: ControlledClock,
    sealed_runtime: Runtime,
) -> None:  # fmt: skip
    returned, addendum, comment = "Say more about the quokka", "Quokka addendum", "Quokka voicemail"
    with TestClient(create_app(sealed_runtime, background=True)) as client:
        c = open_clinic(sealed_runtime, client, clock, Plan.PROFESSIONAL, "solo-therapy")
        ids = _submitted_note(c)
        c.ok("owner", f"/notes/{ids['note_id']}/return", {"comments": returned})
        c.ok("ada", f"/notes/{ids['note_id']}/submit")
        c.ok("owner", f"/notes/{ids['note_id']}/co-sign")
        c.ok("ada", f"/notes/{ids['note_id']}/addenda", {"text": addendum})
        c.ok("owner", f"/tasks/{ids['task_id']}/comment", {"text": comment})
        c.idle()
        shown = c.get("owner", f"/notes/{ids['note_id']}").text
        assert SECRET in shown and returned in shown and addendum in shown  # readers see it
    if backend == "sqlite":
        dump = b"".join(p.read_bytes() for p in tmp_path.rglob("*.sqlite3*"))
    else:
        dsn = " ".join(f"{k}={v}" for k, v in postgres_params(database_url).items() if v)
        dump = subprocess.run(
            ["pg_dump", "--data-only", "-d", dsn], capture_output=True, check=True
        ).stdout
    assert len(dump) > 10_000, "the stores were written"
    assert b"quokka" not in dump.lower()
    assert b"Slept" not in dump and b"Stable." not in dump
