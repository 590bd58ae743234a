"""The event store on SQLite and PostgreSQL: atomic saves, natural keys, concurrency,
upcasting, snapshots and encryption at rest."""

from __future__ import annotations

import base64
import subprocess
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from practicerunner.adapters.clock import ControlledClock
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.base import CommandContext
from practicerunner.commands.practice import catalog, practice
from practicerunner.config import Settings, postgres_params
from practicerunner.domain.base import Actor
from practicerunner.domain.errors import AlreadyExists, Conflict, StaleVersion
from practicerunner.domain.practice.catalog import Service
from practicerunner.domain.practice.practice import Practice
from tests.support.tenants import Tenant, open_tenant


def owner_ctx(rt: Runtime, tenant: Tenant) -> CommandContext:
    return rt.context(Actor(tenant.owner_id), tenant.practice_id)


def test_a_slug_is_unique_across_the_installation(runtime: Runtime) -> None:
    open_tenant(runtime, "harbor-therapy")
    head = runtime.stores.head_positions()
    with pytest.raises(AlreadyExists, match="harbor-therapy"):
        open_tenant(runtime, "harbor-therapy")
    assert runtime.stores.head_positions() == head, "a refused command writes nothing"


def test_a_released_slug_can_be_taken_by_another_practice(runtime: Runtime) -> None:
    first = open_tenant(runtime, "harbor-therapy")
    second = open_tenant(runtime, "cove-counseling")
    practice.change_practice_slug(
        practice.ChangePracticeSlug(slug="harbor-north"), owner_ctx(runtime, first)
    )
    with pytest.raises(AlreadyExists):
        practice.change_practice_slug(
            practice.ChangePracticeSlug(slug="harbor-north"), owner_ctx(runtime, second)
        )
    practice.change_practice_slug(
        practice.ChangePracticeSlug(slug="harbor-therapy"), owner_ctx(runtime, second)
    )
    assert runtime.stores.practice.repository.get(second.practice_id).slug == "harbor-therapy"


def test_concurrent_changes_to_one_aggregate_one_wins_nothing_lost(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    ctx = owner_ctx(runtime, tenant)
    svc = catalog.add_service(
        catalog.AddService(name="Therapy", cpt_code="90837", duration_minutes=60, fee_cents=100),
        ctx,
    )
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def change(fee: int) -> None:
        # Both load version 1, then both try to save version 2.
        service = runtime.stores.practice.repository.get(svc.id)
        barrier.wait()
        service.change_fee(fee, ctx.actor, ctx.now())
        try:
            outcomes.append(runtime.stores.practice.save_all(service))
        except Exception as e:
            outcomes.append(e)

    threads = [threading.Thread(target=change, args=(fee,)) for fee in (200, 300)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1
    final = runtime.stores.practice.repository.get(svc.id)
    assert final.version == 2 and final.fee_cents in (200, 300)


def test_a_stale_expected_version_is_refused(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    ctx = owner_ctx(runtime, tenant)
    with pytest.raises(StaleVersion):
        practice.rename_practice(practice.RenamePractice(name="X"), ctx, expected_version=99)


def test_store_conflict_maps_to_conflict_error(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    ctx = owner_ctx(runtime, tenant)
    stale = runtime.stores.practice.repository.get(tenant.practice_id)
    practice.rename_practice(practice.RenamePractice(name="Fresh"), ctx)
    stale.rename("Stale", ctx.actor, ctx.now())
    from practicerunner.commands.base import save

    with pytest.raises(Conflict):
        save(runtime.stores.practice, stale, result_of=stale)


def test_version_one_service_events_are_upcast(runtime: Runtime) -> None:
    """A service recorded before ``bookable_online`` existed loads as not bookable online."""
    app = runtime.stores.practice
    service_id = uuid.uuid4()
    state = {
        "originator_id": service_id.hex,
        "originator_version": 1,
        "timestamp": {"_type_": "datetime_iso", "_data_": "2025-01-01T00:00:00+00:00"},
        "originator_topic": "practicerunner.domain.catalog:Service",
        "actor_id": "legacy",
        "on_behalf_of": None,
        "practice_id": "p",
        "name": "Old therapy",
        "cpt_code": "90834",
        "duration_minutes": 45,
        "fee_cents": 12000,
        "currency": "USD",
    }
    # Stored exactly as a version-1 event would have been: no class_version, no new field.
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=service_id,
                originator_version=1,
                topic="practicerunner.domain.catalog:Service.Added",
                state=app.mapper.cipher.encrypt(app.mapper.transcoder.encode(state))
                if app.mapper.cipher
                else app.mapper.transcoder.encode(state),
            )
        ]
    )
    service = app.repository.get(service_id)
    assert isinstance(service, Service)
    assert service.bookable_online is False and service.name == "Old therapy"


def test_practice_snapshots_are_taken(runtime: Runtime) -> None:
    tenant = open_tenant(runtime)
    ctx = owner_ctx(runtime, tenant)
    for i in range(Practice.snapshot_every + 2):
        practice.rename_practice(practice.RenamePractice(name=f"Harbor {i}"), ctx)
    snapshots = runtime.stores.practice.snapshots
    assert snapshots is not None
    assert list(snapshots.get(tenant.practice_id)), "a snapshot was recorded"
    assert runtime.stores.practice.repository.get(tenant.practice_id).name == (
        f"Harbor {Practice.snapshot_every + 1}"
    )


SECRET_NAME = "Zebra Quokka Wellness"
SECRET_EMAIL = "quokka.owner@zebra-wellness.example"


def _encrypted_runtime(database_url: str, tmp_path: Path, clock: ControlledClock) -> Runtime:
    key = base64.b64encode(b"k" * 32).decode()
    settings = Settings.from_env(
        {
            "PRACTICERUNNER_DATA_DIR": str(tmp_path / "var"),
            "PRACTICERUNNER_DATABASE_URL": database_url,
            "PRACTICERUNNER_CIPHER_KEY": key,
            "PRACTICERUNNER_SECRET_KEY": "x",
        }
    )
    return Runtime(settings, clock=clock)


def test_with_a_cipher_key_no_plaintext_reaches_the_database(
    backend: str, database_url: str, tmp_path: Path, clock: ControlledClock
) -> None:
    rt = _encrypted_runtime(database_url, tmp_path, clock)
    try:
        practice.open_practice(
            practice.OpenPractice(
                name=SECRET_NAME,
                slug="zebra-wellness",
                owner_email=SECRET_EMAIL,
                owner_given_name="Quinn",
                owner_family_name="Quokka",
            ),
            rt.context(Actor("cli")),
        )
        rt.run_until_idle()  # the read models hold the practice and its owner too
        from practicerunner.projections.practice.queries import ReadModels

        rm = ReadModels(rt.engine)
        (row,) = [p for p in [rm.practice_by_slug("zebra-wellness")] if p]
        assert row["name"] == SECRET_NAME, "readers still see the plaintext"
        owner = rm.staff_member(row["practice_id"], row["owner_id"])
        assert owner is not None and owner["email"] == SECRET_EMAIL
    finally:
        rt.close()
    if backend == "sqlite":
        dumps = b"".join(p.read_bytes() for p in tmp_path.rglob("*.sqlite3*"))
    else:
        dsn = " ".join(f"{k}={v}" for k, v in postgres_params(database_url).items() if v)
        out = subprocess.run(["pg_dump", "--data-only", "-d", dsn], capture_output=True, check=True)
        dumps = out.stdout
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT count(*) FROM practice_events").fetchone()[0] > 0
    assert dumps, "the store was written"
    assert SECRET_NAME.encode() not in dumps
    assert SECRET_EMAIL.encode() not in dumps
    assert b"quokka" not in dumps.lower()
