"""``practicerunner history`` as an operator uses it, piped or redirected: plain aligned text in
the practice's time with names, ``--as-of`` as a day (its end in the practice's timezone) or an
instant with offset, ``--json`` for programs."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.cli import app
from practicerunner.commands.practice.practice import RenamePractice, rename_practice
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from tests.support.tenants import open_tenant

# 20:00 on Sunday 1 March 2026 in New York (EST, UTC-5).
OPENED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
LATE_ON_THE_FIRST = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)  # 23:30 EST on the 1st
EARLY_ON_THE_SECOND = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)  # 00:30 EST on the 2nd
BOX_DRAWING = re.compile("[\u2500-\u257f]")


@pytest.fixture
def recorded(settings: Settings, tmp_path: Path) -> tuple[dict[str, str], str]:
    """A practice opened, then renamed just before and just after midnight in its timezone;
    answers the CLI's environment and the practice's id."""
    clock = ControlledClock(OPENED)
    rt = Runtime(settings, clock=clock)
    try:
        tenant = open_tenant(rt, "night-owls")
        ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
        for at, name in ((LATE_ON_THE_FIRST, "Late Owls"), (EARLY_ON_THE_SECOND, "Early Owls")):
            clock.advance(at - clock.now())
            rename_practice(RenamePractice(name=name), ctx)
        rt.run_until_idle()
    finally:
        rt.close()
    env = {
        "PRACTICERUNNER_DATA_DIR": str(settings.data_dir),
        "PRACTICERUNNER_DATABASE_URL": settings.database_url,
        "PRACTICERUNNER_SECRET_KEY": "test-secret",
    }
    return env, str(tenant.practice_id)


def history(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(app, ["history", *args], env=env)


def renames(out: str) -> list[str]:
    return re.findall(r"name=((?:Late|Early) Owls)", out)


def test_piped_history_is_plain_aligned_text_in_practice_time_with_names(
    recorded: tuple[dict[str, str], str],
) -> None:
    env, practice_id = recorded
    out = history(env, practice_id)
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert "\x1b" not in text and not BOX_DRAWING.search(text)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("v "))
    assert lines[header].split() == ["v", "when", "(America/New_York)", "event", "by", "on",
                                     "behalf", "of", "changes"]  # fmt: skip
    rows = lines[header + 1 : header + 4]
    # Every column starts where its heading does.
    for heading in ("event", "by", "changes"):
        column = lines[header].index(heading)
        assert all(row[column - 1] == " " and row[column] != " " for row in rows), heading
    opened, late, early = rows
    assert "2026-03-01 20:00:00 EST" in opened and " Opened " in opened
    assert "2026-03-01 23:30:00 EST" in late and "Olive Owner" in late
    assert "2026-03-02 00:30:00 EST" in early and early.endswith("name=Early Owls")
    assert renames(text) == ["Late Owls", "Early Owls"]
    assert re.search(r"^  name +Early Owls$", text, re.MULTILINE), "the state, one field a line"


def test_as_of_a_day_means_the_end_of_that_day_in_the_practice_timezone(
    recorded: tuple[dict[str, str], str],
) -> None:
    env, practice_id = recorded
    # In UTC both renames fall on 2 March; in New York the first is still 1 March.
    first = history(env, practice_id, "--as-of", "2026-03-01")
    assert first.exit_code == 0, first.output
    assert renames(first.stdout) == ["Late Owls"]
    assert "as of the end of 2026-03-01 (America/New_York)" in first.stdout
    second = history(env, practice_id, "--as-of", "2026-03-02")
    assert renames(second.stdout) == ["Late Owls", "Early Owls"]
    before = history(env, practice_id, "--as-of", "2026-02-28")
    assert before.exit_code == 1 and "did not exist yet" in before.stdout


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2026-03-02T00:00:00-05:00", ["Late Owls"]),
        ("2026-03-02T05:29:59Z", ["Late Owls"]),
        ("2026-03-02T06:30:00+01:00", ["Late Owls", "Early Owls"]),  # 05:30 UTC: inclusive
    ],
)
def test_as_of_an_instant_with_its_offset(
    recorded: tuple[dict[str, str], str], instant: str, expected: list[str]
) -> None:
    env, practice_id = recorded
    out = history(env, practice_id, "--as-of", instant)
    assert out.exit_code == 0, out.output
    assert renames(out.stdout) == expected


@pytest.mark.parametrize("bad", ["2026-03-02T00:00:00", "yesterday", "2026-02-30", "1772409600"])
def test_an_as_of_that_is_no_day_and_no_instant_with_offset_is_a_usage_error(
    recorded: tuple[dict[str, str], str], bad: str
) -> None:
    env, practice_id = recorded
    out = history(env, practice_id, "--as-of", bad)
    assert out.exit_code == 2, out.output
    assert "--as-of" in out.output or "as_of" in out.output.lower() or "instant" in out.output


def test_json_stays_for_programs_with_the_instant_it_replayed_to(
    recorded: tuple[dict[str, str], str],
) -> None:
    env, practice_id = recorded
    out = history(env, practice_id, "--as-of", "2026-03-01", "--json")
    assert out.exit_code == 0, out.output
    found = json.loads(out.stdout)
    end_of_first = datetime(2026, 3, 2, 5, 0, tzinfo=UTC) - timedelta(microseconds=1)
    assert datetime.fromisoformat(found["as_of"]) == end_of_first
    assert found["state"]["name"] == "Late Owls"
    assert [e["event"] for e in found["events"]][-1] == "Renamed"
    assert found["events"][-1]["actor_name"] == "Olive Owner"
