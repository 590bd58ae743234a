"""Projections: rebuilt into fresh tables and swapped in, resumable after a crash, never
applying a batch twice."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import catalog, staff
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from practicerunner.projections.practice.queries import ReadModels
from tests.support.readmodel import all_contents, table_contents
from tests.support.tenants import open_tenant


def fill(rt: Runtime, practices: int = 3, services: int = 12, changes: int = 8) -> None:
    """A few practices with staff and services that change many times: a few thousand events."""
    for p in range(practices):
        tenant = open_tenant(rt, f"practice-{p:03d}")
        ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
        for s in range(3):
            staff.invite_staff(
                staff.InviteStaff(
                    email=f"s{s}@p{p}.example",
                    given_name=f"S{s}",
                    family_name="Member",
                    role=Role.PROVIDER,
                ),
                ctx,
            )
        for s in range(services):
            svc = catalog.add_service(
                catalog.AddService(
                    name=f"Service {s}", cpt_code="90837", duration_minutes=60, fee_cents=1000
                ),
                ctx,
            )
            for c in range(changes):
                catalog.change_service_fee(
                    catalog.ChangeServiceFee(service_id=svc.id, fee_cents=1000 + c), ctx
                )
            if s % 3 == 0:
                catalog.retire_service(catalog.ServiceCommand(service_id=svc.id), ctx)


def test_rebuild_produces_the_same_rows_as_the_live_projection(runtime: Runtime) -> None:
    fill(runtime, practices=2, services=5, changes=3)
    runtime.run_until_idle()
    live = all_contents(runtime)
    for name in live:
        runtime.engine.rebuild(name)
    assert all_contents(runtime) == live
    assert all(s.active_generation == 2 for s in runtime.engine.status() if s.name in live)


def test_readers_keep_the_old_tables_until_the_swap(runtime: Runtime) -> None:
    fill(runtime, practices=1, services=4, changes=2)
    runtime.run_until_idle()
    rm = ReadModels(runtime.engine)
    practice_id = rm.practice_by_slug("practice-000")["practice_id"]
    before = rm.services(practice_id, include_retired=True).items
    engine = runtime.engine
    engine.batch_size = 5
    gen = engine.start_rebuild("services")
    engine.process_batch("services", gen, "practice")  # the new generation is half built
    assert rm.services(practice_id, include_retired=True).items == before
    engine.rebuild("services")
    assert rm.services(practice_id, include_retired=True).items == before
    assert not runtime.db.table_exists(f"rm_services_g{gen - 1}"), "old tables are dropped"


def test_a_version_bump_rebuilds_in_the_background_and_swaps(runtime: Runtime) -> None:
    fill(runtime, practices=1, services=3, changes=1)
    runtime.run_until_idle()
    expected = table_contents(runtime, "staff")
    projection = runtime.engine.projections["staff"]
    projection.version += 1
    try:
        runtime.engine.tick()
        status = {s.name: s for s in runtime.engine.status()}["staff"]
        assert status.active_version == projection.version and not status.stale
        assert table_contents(runtime, "staff") == expected
    finally:
        projection.version -= 1


def test_two_runners_never_apply_a_batch_twice(runtime: Runtime) -> None:
    fill(runtime, practices=2, services=4, changes=4)
    runtime.engine.batch_size = 7
    threads = [
        threading.Thread(target=runtime.engine.catch_up, args=("audit_trail",)) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (rows,) = table_contents(runtime, "audit_trail").values()
    head = runtime.stores.practice.recorder.max_notification_id()
    assert len(rows) == head, "one audit row per event, none lost, none doubled"


def test_status_reports_lag(runtime: Runtime) -> None:
    fill(runtime, practices=1, services=1, changes=1)
    lag = {s.name: s.lag for s in runtime.engine.status()}
    assert lag["staff"] > 0
    runtime.engine.catch_up("staff")
    assert {s.name: s.lag for s in runtime.engine.status()}["staff"] == 0


def _cli_env(settings: Settings, batch: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRACTICERUNNER_DATA_DIR=str(settings.data_dir),
        PRACTICERUNNER_DATABASE_URL=settings.database_url,
        PRACTICERUNNER_SECRET_KEY="test-secret",
        PRACTICERUNNER_PROJECTION_BATCH_SIZE=str(batch),
    )
    return env


def _start_and_kill_mid_rebuild(
    runtime: Runtime, settings: Settings, cli: list[str], rng: random.Random
) -> None:
    """Kills the rebuild at a random moment while a generation is being built."""
    proc = subprocess.Popen(
        cli, env=_cli_env(settings, batch=5), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wanted_sightings = rng.randint(1, 8)
    sightings = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        building = [s for s in runtime.engine.status() if s.building_generation]
        if any(any(s.building_positions.values()) for s in building):
            sightings += 1
            if sightings >= wanted_sightings:
                break
        time.sleep(0.005)
    proc.kill()
    proc.wait(timeout=10)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_rebuild_killed_at_random_resumes_to_a_clean_rebuilds_rows(
    runtime: Runtime, settings: Settings, seed: int
) -> None:
    fill(runtime, practices=3, services=12, changes=8)
    runtime.run_until_idle()
    clean = all_contents(runtime)

    cli = [sys.executable, "-m", "practicerunner.cli", "projections", "rebuild"]
    rng = random.Random(seed)
    for _attempt in range(6):  # a kill can land just after a swap; then try again
        _start_and_kill_mid_rebuild(runtime, settings, cli, rng)
        if any(s.building_generation for s in runtime.engine.status()):
            break
    assert any(s.building_generation for s in runtime.engine.status()), "killed mid-rebuild"

    resumed = subprocess.run(
        cli, env=_cli_env(settings, batch=20), capture_output=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    assert all_contents(runtime) == clean
    assert not any(s.building_generation for s in runtime.engine.status())


def test_rebuild_cli_names_unknown_projections(settings: Settings, runtime: Runtime) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "practicerunner.cli", "projections", "rebuild", "nonsense"],
        env=_cli_env(settings, 500),
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 2 and b"Unknown projection nonsense" in out.stdout


def test_status_cli_lists_every_projection(
    settings: Settings, runtime: Runtime, tmp_path: Path
) -> None:
    open_tenant(runtime)
    out = subprocess.run(
        [sys.executable, "-m", "practicerunner.cli", "projections", "status"],
        env={**_cli_env(settings, 500), "COLUMNS": "200"},
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 0
    for name in runtime.engine.projections:
        assert name in out.stdout.decode()


def test_a_projection_that_gains_an_upstream_catches_up_from_it(runtime: Runtime) -> None:
    """After an upgrade adds a context, projections following every context start it at zero."""
    from practicerunner.bootstrap.wiring import build_projections
    from practicerunner.commands.clients.people import RegisterPerson, register_person
    from practicerunner.projections.engine import ProjectionEngine

    tenant = open_tenant(runtime)
    ctx = runtime.context(Actor(tenant.owner_id), tenant.practice_id)
    register_person(RegisterPerson(given_name="Ada", family_name="Client"), ctx)
    runtime.run_until_idle()
    assert runtime.stores["scheduling"].recorder.max_notification_id()
    with runtime.db.transaction() as tx:  # as an older release left it: no scheduling row
        tx.execute(
            "DELETE FROM projection_tracking WHERE name = 'audit_trail' AND upstream = %s",
            ("scheduling",),
        )
    engine = ProjectionEngine(runtime.db, runtime.stores, build_projections())
    engine.tick()
    assert engine.position("audit_trail", "scheduling") == (
        runtime.stores["scheduling"].recorder.max_notification_id() or 0
    )
    assert {s.name: s.lag for s in engine.status()}["audit_trail"] == 0


def test_a_failing_projection_does_not_hold_the_others_back(runtime: Runtime) -> None:
    projection = runtime.engine.projections["services"]
    original = projection.apply

    def broken(*args: object) -> None:
        raise RuntimeError("a bug in one projection")

    projection.apply = broken  # type: ignore[method-assign]
    try:
        fill(runtime, practices=1, services=2, changes=1)
        runtime.engine.tick()
        lag = {s.name: s.lag for s in runtime.engine.status()}
        assert lag["services"] > 0
        assert lag["staff"] == lag["audit_trail"] == lag["practice_directory"] == 0
    finally:
        projection.apply = original  # type: ignore[method-assign]
    runtime.engine.tick()
    assert {s.name: s.lag for s in runtime.engine.status()}["services"] == 0
