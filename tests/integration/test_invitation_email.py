"""Inviting a staff member sends one invitation email, exactly once, through real SMTP, even
when the worker crashes after sending and the job is delivered again."""

from __future__ import annotations

import os
import re
import socket
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from practicerunner.adapters.clock import ControlledClock
from practicerunner.adapters.signing import verify_link
from practicerunner.bootstrap.runtime import Runtime
from practicerunner.commands.practice import staff
from practicerunner.config import Settings
from practicerunner.domain.base import Actor
from practicerunner.domain.practice.roles import Role
from practicerunner.processes.identity.invitations import INVITATION_LINK
from tests.support.smtp_server import LocalSmtpServer
from tests.support.tenants import Tenant, open_tenant


class WorkerCrashed(BaseException):
    """Stands for the worker process dying: not an error the job could handle."""


def invite(rt: Runtime, tenant: Tenant, email: str = "new.provider@example.com") -> uuid.UUID:
    ctx = rt.context(Actor(tenant.owner_id), tenant.practice_id)
    result = staff.invite_staff(
        staff.InviteStaff(
            email=email, given_name="Nia", family_name="Provider", role=Role.PROVIDER
        ),
        ctx,
    )
    return result.id


def to(smtp: LocalSmtpServer, address: str) -> list:
    return [m for m in smtp.messages if address in m.rcpt_tos]


def test_an_invitation_email_carries_a_one_time_link(
    runtime: Runtime, smtp: LocalSmtpServer
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant)
    runtime.run_until_idle()
    (message,) = to(smtp, "new.provider@example.com")
    assert message.rcpt_tos == ("new.provider@example.com",), "exactly one recipient"
    body = message.message.get_body(("plain",)).get_content()
    assert "Harbor Therapy" in body
    token = re.search(r"/join/([A-Za-z0-9_.-]+)", body).group(1)
    invitation_id = verify_link(runtime.settings.resolved_secret_key(), INVITATION_LINK, token)
    member = runtime.stores.practice.repository.get(staff_id)
    assert str(invitation_id) == member.invitation_id


def test_a_duplicate_delivery_sends_one_email(runtime: Runtime, smtp: LocalSmtpServer) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant)
    runtime.run_until_idle()
    (job,) = [r for r in _all_jobs(runtime) if str(staff_id) in r["payload"]]
    assert job["outcome"] == "sent"
    # The broker delivers the same message twice more.
    runtime.jobs.actors["send_staff_invitation"].send(job["job_id"])
    runtime.jobs.actors["send_staff_invitation"].send(job["job_id"])
    runtime.jobs.join()
    assert len(to(smtp, "new.provider@example.com")) == 1


def test_a_worker_crash_after_sending_is_redelivered_without_a_second_email(
    runtime: Runtime, smtp: LocalSmtpServer, clock: ControlledClock
) -> None:
    tenant = open_tenant(runtime)
    invite(runtime, tenant)
    runtime.engine.tick()

    def crash() -> None:
        raise WorkerCrashed

    runtime.jobs.hooks["after_effect"] = crash
    (row,) = [
        r
        for r in runtime.outbox.claim_due(clock.now())
        if r.actor == "send_staff_invitation"
        and "new.provider" not in str(r.payload)
        and r.payload["staff_id"] != tenant.owner_id
    ]
    with pytest.raises(WorkerCrashed):
        runtime.jobs.perform(row.actor, row.job_id)  # sent, then the worker died: no ack
    runtime.jobs.hooks.clear()
    assert len(to(smtp, "new.provider@example.com")) == 1
    assert runtime.outbox.get(row.job_id).done_at is None

    clock.advance(timedelta(minutes=11))  # the lost message is handed out again
    runtime.run_until_idle()
    assert runtime.outbox.get(row.job_id).outcome == "already-done"
    assert len(to(smtp, "new.provider@example.com")) == 1


def test_a_worker_that_died_mid_send_is_not_repeated_but_flagged(
    runtime: Runtime, smtp: LocalSmtpServer
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant)
    member = runtime.stores.practice.repository.get(staff_id)
    key = f"email:invitation:{member.invitation_id}"
    # A previous attempt claimed the effect and died before recording the outcome.
    with runtime.db.transaction() as tx:
        tx.execute(
            "INSERT INTO job_effects (effect_key, status, started_at) VALUES (%s, %s, %s)",
            (key, "started", "2026-03-02T14:00:00+00:00"),
        )
    runtime.run_until_idle()
    assert to(smtp, "new.provider@example.com") == []
    assert runtime.effects.status(key) == "uncertain"


def test_a_resent_invitation_replaces_the_first_link(
    runtime: Runtime, smtp: LocalSmtpServer
) -> None:
    tenant = open_tenant(runtime)
    staff_id = invite(runtime, tenant)
    ctx = runtime.context(Actor(tenant.owner_id), tenant.practice_id)
    staff.resend_invitation(staff.StaffCommand(staff_id=staff_id), ctx)
    runtime.run_until_idle()
    outcomes = sorted(
        r["outcome"]
        for r in _all_jobs(runtime)
        if r["actor"] == "send_staff_invitation" and str(staff_id) in r["payload"]
    )
    assert outcomes == ["sent", "superseded"], "the replaced link is never mailed"
    assert len(to(smtp, "new.provider@example.com")) == 1


def _all_jobs(rt: Runtime) -> list[dict]:
    with rt.db.read() as tx:
        table = rt.engine.tables(tx, "outbox")["outbox"]
        rows = tx.fetchall(f"SELECT job_id, actor, payload, outcome FROM {table}")
    return [dict(zip(("job_id", "actor", "payload", "outcome"), r, strict=True)) for r in rows]


def _reachable(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("env", ["PRACTICERUNNER_TEST_REDIS_URL", "PRACTICERUNNER_TEST_AMQP_URL"])
def test_a_real_broker_and_worker_deliver_the_invitation(
    env: str, settings: Settings, clock: ControlledClock, smtp: LocalSmtpServer
) -> None:
    url = os.environ.get(env)
    if not _reachable(url):
        pytest.skip(f"{env} is not set or not reachable")
    broker_settings = replace(
        settings, broker_url=url, broker_namespace=f"prtest-{uuid.uuid4().hex[:8]}"
    )
    rt = Runtime(broker_settings, clock=clock)
    try:
        tenant = open_tenant(rt)
        invite(rt, tenant)
        rt.engine.tick()
        assert rt.jobs.dispatch_due() >= 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not to(smtp, "new.provider@example.com"):
            time.sleep(0.1)
        assert len(to(smtp, "new.provider@example.com")) == 1
    finally:
        rt.close()
